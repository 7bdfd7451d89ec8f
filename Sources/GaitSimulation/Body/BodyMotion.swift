import Foundation
import GaitCore

/// The true pose of every segment at any instant of a simulated session: quiet standing with
/// postural sway, a smooth blend into steady gait, gait, and optionally a blend back to standing.
///
/// Segment frames follow conventions.md: in quiet standing every segment's z is vertical and x
/// points forward (the definition of the frames), so the standing posture has all segments level
/// and the knees straight. Origins: pelvis midway between the hip joint centres, thigh at the hip
/// joint, shank at the knee joint, foot at the ankle joint.
public struct BodyMotion: Sendable {
    public let options: SimulationOptions
    public let dimensions: BodyDimensions
    let gait: GaitKinematics?
    /// When the blend into gait starts and ends, and (with trailing standing) when the blend back
    /// to standing starts and ends, seconds.
    public let gaitBlendIn: ClosedRange<Double>
    public let gaitBlendOut: ClosedRange<Double>?
    private let swayPhasesRad: [Double]

    public init(options: SimulationOptions) {
        self.options = options
        dimensions = BodyDimensions(heightM: options.heightM)
        var random = SeededGenerator(seed: options.seed, stream: "postural-sway")
        swayPhasesRad = (0..<3).map { _ in random.uniform(0...(2 * .pi)) }
        let blendInStart = options.standingS
        gaitBlendIn = blendInStart...(blendInStart + options.transitionS)
        let gaitEnd = gaitBlendIn.upperBound + options.gaitS
        gaitBlendOut = options.trailingStandingS > 0 ? gaitEnd...(gaitEnd + options.transitionS) : nil
        if options.activity == .stand {
            gait = nil
        } else {
            let stepS = 60 / options.resolvedCadenceStepsPerMin
            // Start the plan two strides early so the gait is in its steady state when the blend begins.
            var pattern = GaitPattern.pattern(for: options)
            pattern.strikeAheadFraction = GaitKinematics.bestStrikeAheadFraction(
                options: options, dimensions: dimensions, pattern: pattern)
            let plan = StridePlan(options: options, pattern: pattern, startS: blendInStart - 4 * stepS, endS: options.durationS)
            gait = GaitKinematics(options: options, dimensions: dimensions, pattern: pattern, plan: plan)
        }
    }

    /// The largest hip–ankle distance over leg length during the gait (0 for standing).
    public var worstReachRatio: Double { gait?.worstReachRatio ?? 0 }

    /// The planned stances (empty for quiet standing).
    public var stances: [PlannedStance] { gait?.plan.stances ?? [] }

    /// How much of the gait pose is in the body's pose at `t`: 0 standing, 1 steady gait.
    public func gaitWeight(at t: Double) -> Double {
        guard gait != nil else { return 0 }
        var weight = SmoothKeyframeTrack.smoothstep((t - gaitBlendIn.lowerBound) / (gaitBlendIn.upperBound - gaitBlendIn.lowerBound))
        if let out = gaitBlendOut {
            weight *= 1 - SmoothKeyframeTrack.smoothstep((t - out.lowerBound) / (out.upperBound - out.lowerBound))
        }
        return weight
    }

    /// The pose of `segment` at `t` (world ← segment).
    public func pose(of segment: Segment, at t: Double) -> Pose {
        let weight = gaitWeight(at: t)
        if weight <= 0 { return standingPose(of: segment, at: t) }
        let moving = gaitPose(of: segment, at: t)
        if weight >= 1 { return moving }
        let still = standingPose(of: segment, at: t)
        return Pose(positionM: still.positionM + weight * (moving.positionM - still.positionM),
                    orientation: Quaternion.slerp(still.orientation, moving.orientation, fraction: weight))
    }

    /// The hip–ankle distance over the leg length at `t` during gait (below 1 when reachable).
    func reachRatio(_ side: Side, at t: Double) -> Double {
        guard let gait else { return 0 }
        let pelvis = gait.pelvisPose(at: t)
        return gait.legPoses(side, pelvis: pelvis, foot: gait.footPose(side, at: t), at: t).reachRatio
    }

    private func gaitPose(of segment: Segment, at t: Double) -> Pose {
        guard let gait else { return standingPose(of: segment, at: t) }
        switch segment {
        case .pelvis:
            return gait.pelvisPose(at: t)
        case .foot(let side):
            return gait.footPose(side, at: t)
        case .thigh(let side), .shank(let side):
            let pelvis = gait.pelvisPose(at: t)
            let leg = gait.legPoses(side, pelvis: pelvis, foot: gait.footPose(side, at: t), at: t)
            if case .thigh = segment { return leg.thigh }
            return leg.shank
        }
    }

    /// Upright standing, knees straight, feet under the hips, swaying as an inverted pendulum
    /// about the ankles by a few tenths of a degree (quiet-standing sway is 0.2–0.5°).
    private func standingPose(of segment: Segment, at t: Double) -> Pose {
        let d = dimensions
        let ankleHeight = d.ankleHeightM
        let sway = CardanZYX(
            yawRad: 0,
            pitchRad: Angle.radians(fromDegrees: 0.35 * sin(2 * .pi * 0.17 * t + swayPhasesRad[0])
                + 0.15 * sin(2 * .pi * 0.41 * t + swayPhasesRad[1])),
            rollRad: Angle.radians(fromDegrees: 0.2 * sin(2 * .pi * 0.23 * t + swayPhasesRad[2]))).quaternion
        let swayCentre = Vector3(0, 0, ankleHeight)
        func swayed(_ positionM: Vector3) -> Pose {
            Pose(positionM: swayCentre + sway.rotate(positionM - swayCentre), orientation: sway)
        }
        switch segment {
        case .pelvis:
            return swayed(Vector3(0, 0, ankleHeight + d.shankLengthM + d.thighLengthM))
        case .thigh(let side):
            return swayed(Vector3(0, side.sign * d.hipHalfWidthM, ankleHeight + d.shankLengthM + d.thighLengthM))
        case .shank(let side):
            return swayed(Vector3(0, side.sign * d.hipHalfWidthM, ankleHeight + d.shankLengthM))
        case .foot(let side):
            return Pose(positionM: Vector3(0, side.sign * d.hipHalfWidthM, ankleHeight), orientation: .identity)
        }
    }
}
