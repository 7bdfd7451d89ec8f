import GaitCore

/// One planned stance phase: its true events and the per-stride targets drawn for it.
public struct PlannedStance: Sendable {
    public let side: Side
    /// When the landing foot's pivot (heel, or ball for a forefoot strike) has come to rest on
    /// the belt, seconds: the kinematic anchor of the stance. The heel pad and shoe were
    /// compressed over the `GaitKinematics.landingDurationS` before it.
    public let pivotLandsS: Double
    /// Toe-off on the session clock, seconds: the last instant of the stance.
    public let toeOffS: Double
    // Targets drawn around the subject's per-side means (degrees, conventions.md signs).
    public let pelvicDropDeg: Double
    public let kneeValgusDeg: Double
    public let peakEversionDeg: Double
    public let eversionAtContactDeg: Double
    public let eversionAtToeOffDeg: Double
    /// Where the stance pivot lands ahead of the pelvis, metres; half the step width, metres.
    let strikeAheadM: Double
    let halfStepWidthM: Double
    let toeOutRad: Double
    let midStanceKneeFlexionRad: Double

    /// True initial contact, seconds: the first instant the foot loads the ground, which is when
    /// the landing deceleration begins (a force from the ground is what decelerates the heel).
    public var initialContactS: Double { pivotLandsS - GaitKinematics.landingDurationS }

    /// True stance time, initial contact to toe-off, seconds.
    public var stanceS: Double { toeOffS - initialContactS }

    /// The instant at `f` of the way from the pivot landing to toe-off (the kinematic stance).
    func fraction(_ f: Double) -> Double { pivotLandsS + f * (toeOffS - pivotLandsS) }
}

/// The sequence of stances of both feet, alternating, with stride-to-stride variability.
struct StridePlan: Sendable {
    /// All stances in order of initial contact (left and right interleaved).
    let stances: [PlannedStance]
    /// Each side's stances, in order.
    let left: [PlannedStance]
    let right: [PlannedStance]

    func stances(_ side: Side) -> [PlannedStance] { side == .left ? left : right }

    /// Plans stances from `startS` to past `endS`.
    init(options: SimulationOptions, pattern: GaitPattern, startS: Double, endS: Double) {
        var random = SeededGenerator(seed: options.seed, stream: "stride-plan")
        let variability = options.strideVariability
        let stepS = 60 / options.resolvedCadenceStepsPerMin
        let strideS = 2 * stepS
        let speed = options.resolvedSpeedMps
        let deg = Angle.radians(fromDegrees:)
        var stances: [PlannedStance] = []
        var icS = startS
        var side = Side.left
        while icS < endS + strideS {
            // Stride-time CV ≈ 1.5–2 % in healthy running and walking.
            let stanceS = options.resolvedDutyFactor * strideS * (1 + random.gaussian(sd: 0.02 * variability))
            let contactLengthM = speed * stanceS
            let eversionAtContact = options.eversionAtContactDeg[side] + random.gaussian(sd: 1.0 * variability)
            let peakEversion = max(options.peakEversionDeg[side] + random.gaussian(sd: 1.0 * variability), eversionAtContact + 2)
            stances.append(PlannedStance(
                side: side, pivotLandsS: icS + GaitKinematics.landingDurationS, toeOffS: icS + stanceS,
                pelvicDropDeg: options.pelvicDropDeg[side] + random.gaussian(sd: 0.8 * variability),
                kneeValgusDeg: options.kneeValgusDeg[side] + random.gaussian(sd: 0.8 * variability),
                peakEversionDeg: peakEversion,
                eversionAtContactDeg: eversionAtContact,
                eversionAtToeOffDeg: eversionAtContact + 0.4 * (peakEversion - eversionAtContact) * random.uniform(0.5...1.5),
                strikeAheadM: pattern.strikeAheadFraction * contactLengthM + random.gaussian(sd: 0.02 * variability),
                halfStepWidthM: max(0.01, pattern.stepWidthM / 2 + random.gaussian(sd: 0.008 * variability)),
                toeOutRad: pattern.toeOutRad + deg(random.gaussian(sd: 1.5 * variability)),
                midStanceKneeFlexionRad: pattern.midStanceKneeFlexionRad + deg(random.gaussian(sd: 2 * variability))))
            icS += stepS * (1 + random.gaussian(sd: 0.015 * variability))
            side = side.opposite
        }
        self.stances = stances
        left = stances.filter { $0.side == .left }
        right = stances.filter { $0.side == .right }
    }

    /// Index in `stances(side)` of the last stance whose initial contact is at or before `timeS`
    /// (nil before the first).
    func lastStanceIndex(_ side: Side, atOrBefore timeS: Double) -> Int? {
        let list = stances(side)
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].pivotLandsS <= timeS { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }
}
