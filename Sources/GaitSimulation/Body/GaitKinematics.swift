import Foundation
import GaitCore

/// The true motion of pelvis, thighs, shanks and feet during steady treadmill gait, in the
/// treadmill (world) frame: x forward, y left, z up, the belt moving at −speed along x.
///
/// How it is built, and why it is physically consistent:
/// - Every angle and the pelvis position follow `SmoothKeyframeTrack`s whose keyframes sit at
///   stride events, so all motion is C² and each IMU's signals are true derivatives of it.
/// - The stance foot rotates about a pivot on the sole (heel while the toes are up or the foot is
///   flat, ball of the foot once the heel lifts, ball first for a forefoot strike) and that pivot
///   moves with the belt: the stance foot travels at treadmill speed.
/// - The swing foot's ankle follows quintic Hermite pieces that match position, velocity and
///   acceleration at toe-off and at contact; the last piece decelerates the landing heel from
///   `landingVelocityMps` to rest on the belt in 20 ms, which is the impact an IMU feels.
/// - Thigh and shank are placed between hip and ankle by `LegInverseKinematics`, so the chain
///   pelvis–thigh–shank–foot stays connected.
/// - The pelvis height keeps both legs within 99.5 % of full extension and gives the
///   pattern's knee flexion at mid-stance.
struct GaitKinematics: Sendable {
    let dimensions: BodyDimensions
    let plan: StridePlan
    let pattern: GaitPattern
    let speedMps: Double

    struct FootTracks: Sendable {
        var yaw = SmoothKeyframeTrack()
        var pitch = SmoothKeyframeTrack()
        /// Anatomical eversion (positive: sole turns outward), radians.
        var eversion = SmoothKeyframeTrack()
        /// Anatomical knee abduction, tibial and femoral internal rotation, radians.
        var kneeAbduction = SmoothKeyframeTrack()
        var tibialInternalRotation = SmoothKeyframeTrack()
        var hipInternalRotation = SmoothKeyframeTrack()
    }

    /// Where the stance pivot is: anchors move with the belt from the time they are set.
    struct StanceGeometry: Sendable {
        var footFlatS: Double
        var heelOffS: Double
        var initialPivotIsBall: Bool
        var ballEarly: (positionM: Vector3, timeS: Double)
        var heel: (positionM: Vector3, timeS: Double)
        var ballLate: (positionM: Vector3, timeS: Double)
    }

    private(set) var pelvisRoll = SmoothKeyframeTrack()
    private(set) var pelvisPitch = SmoothKeyframeTrack()
    private(set) var pelvisYaw = SmoothKeyframeTrack()
    private(set) var pelvisX = SmoothKeyframeTrack()
    private(set) var pelvisY = SmoothKeyframeTrack()
    private(set) var pelvisZ = SmoothKeyframeTrack()
    private(set) var leftTracks = FootTracks()
    private(set) var rightTracks = FootTracks()
    private(set) var leftStances: [StanceGeometry] = []
    private(set) var rightStances: [StanceGeometry] = []
    /// Swing pieces after each stance of a side (toe-off → mid-swing → landing → next contact).
    private(set) var leftSwings: [[QuinticHermiteSegment]] = []
    private(set) var rightSwings: [[QuinticHermiteSegment]] = []
    /// The largest hip–ankle distance over leg length of either leg over the planned gait.
    private(set) var worstReachRatio = 0.0
    /// Pelvis height at initial contact and toe-off, metres: the higher, the straighter the legs.
    private(set) var contactHeightM = 0.0

    /// Duration of the landing deceleration, seconds.
    static let landingDurationS = 0.020
    /// Largest hip–ankle distance allowed, as a fraction of thigh + shank length: the knee keeps
    /// at least 11° of flexion (runners reach 10–20° at contact, toe-off and in terminal swing).
    static let maximumReachRatio = 0.995

    var legIK: LegInverseKinematics {
        LegInverseKinematics(thighLengthM: dimensions.thighLengthM, shankLengthM: dimensions.shankLengthM)
    }

    init(options: SimulationOptions, dimensions: BodyDimensions, pattern: GaitPattern, plan: StridePlan) {
        self.dimensions = dimensions
        self.plan = plan
        self.pattern = pattern
        speedMps = options.resolvedSpeedMps
        buildPelvisTracks()
        buildFootTracks(.left)
        buildFootTracks(.right)
        buildStanceGeometry(.left)
        buildStanceGeometry(.right)
        buildSwings(.left, landingVelocityMps: options.landingVelocityMps)
        buildSwings(.right, landingVelocityMps: options.landingVelocityMps)
        buildPelvisHeight()
    }

    func tracks(_ side: Side) -> FootTracks { side == .left ? leftTracks : rightTracks }

    // MARK: - Poses

    func pelvisPose(at t: Double) -> Pose {
        Pose(positionM: Vector3(pelvisX.value(at: t), pelvisY.value(at: t), pelvisZ.value(at: t)),
             orientation: CardanZYX(yawRad: pelvisYaw.value(at: t), pitchRad: pelvisPitch.value(at: t),
                                    rollRad: pelvisRoll.value(at: t)).quaternion)
    }

    func footOrientation(_ side: Side, at t: Double) -> Quaternion {
        let tracks = tracks(side)
        return CardanZYX(yawRad: tracks.yaw.value(at: t), pitchRad: tracks.pitch.value(at: t),
                         rollRad: side.sign * tracks.eversion.value(at: t)).quaternion
    }

    func footPose(_ side: Side, at t: Double) -> Pose {
        let stances = plan.stances(side)
        let k = plan.lastStanceIndex(side, atOrBefore: t) ?? 0
        if t < stances[k].toeOffS || k == stances.count - 1 {
            return stanceFootPose(side, stance: k, at: t)
        }
        let swing = side == .left ? leftSwings[k] : rightSwings[k]
        let piece = swing.last { $0.startS <= t } ?? swing[0]
        let position = piece.position(at: t)
        return Pose(positionM: position, orientation: swingFootOrientation(side, stance: k, at: t, anklePositionM: position))
    }

    /// In mid-swing the foot hangs on the shank: its orientation is the shank's turned by the
    /// ankle angle, so it swings through with the shank as a real foot does (foot angular speeds
    /// of 15–20 rad/s in running come from the shank's swing, not from the ankle). Near toe-off
    /// and landing it blends, with C² weights, into the world-defined orientation of stance.
    private func swingFootOrientation(_ side: Side, stance k: Int, at t: Double, anklePositionM: Vector3) -> Quaternion {
        let stances = plan.stances(side)
        let toeOffS = stances[k].toeOffS
        let landingS = stances[k + 1].pivotLandsS - Self.landingDurationS
        let u = (t - toeOffS) / (landingS - toeOffS)
        let weight = SmoothKeyframeTrack.smoothstep(u / 0.3) * (1 - SmoothKeyframeTrack.smoothstep((u - 0.6) / 0.3))
        let world = footOrientation(side, at: t)
        guard weight > 0 else { return world }
        let shank = legPoses(side, pelvis: pelvisPose(at: t), foot: Pose(positionM: anklePositionM, orientation: world), at: t).shank
        // Ankle plantarflexion relative to the shank, degrees: 20° as the toes leave, neutral by a
        // third of swing, slightly dorsiflexed before landing.
        let ankleDeg = Self.swingAnkleAngleDeg.value(at: u)
        let hanging = shank.orientation * .aboutZ(side.sign * pattern.toeOutRad) * .aboutY(Angle.radians(fromDegrees: ankleDeg))
        return Quaternion.slerp(world, hanging, fraction: weight)
    }

    private static let swingAnkleAngleDeg = SmoothKeyframeTrack(keyframes: [(0, 20), (0.35, 0), (1, -5)])

    /// The foot rotating about its belt-bound pivot (also used past the stance's ends to get the
    /// motion state at toe-off).
    func stanceFootPose(_ side: Side, stance k: Int, at t: Double) -> Pose {
        let geometry = (side == .left ? leftStances : rightStances)[k]
        let orientation = footOrientation(side, at: t)
        let pitch = tracks(side).pitch.value(at: t)
        let anchor: (positionM: Vector3, timeS: Double)
        let pivotInFoot: Vector3
        if pitch > 0 && geometry.initialPivotIsBall && t < geometry.footFlatS {
            (anchor, pivotInFoot) = (geometry.ballEarly, dimensions.ballInFoot)
        } else if pitch > 0 && t > geometry.footFlatS {
            (anchor, pivotInFoot) = (geometry.ballLate, dimensions.ballInFoot)
        } else {
            (anchor, pivotInFoot) = (geometry.heel, dimensions.heelInFoot)
        }
        let pivotWorld = beltPosition(anchor, at: t)
        return Pose(positionM: pivotWorld - orientation.rotate(pivotInFoot), orientation: orientation)
    }

    /// Thigh and shank of one leg, given the pelvis and foot poses at the same instant.
    func legPoses(_ side: Side, pelvis: Pose, foot: Pose, at t: Double) -> LegInverseKinematics.Solution {
        let tracks = tracks(side)
        return legIK.solve(
            pelvis: pelvis, hipInPelvisM: dimensions.hipJointInPelvis(side), ankleWorldM: foot.positionM,
            kneeXRotationRad: side.sign * tracks.kneeAbduction.value(at: t),
            // Internal rotation turns the toes medially: towards −y on the left, +y on the right.
            kneeZRotationRad: -side.sign * tracks.tibialInternalRotation.value(at: t),
            hipZRotationRad: -side.sign * tracks.hipInternalRotation.value(at: t))
    }

    private func beltPosition(_ anchor: (positionM: Vector3, timeS: Double), at t: Double) -> Vector3 {
        anchor.positionM + Vector3(-speedMps * (t - anchor.timeS), 0, 0)
    }

    // MARK: - Building

    private mutating func buildPelvisTracks() {
        var roll: [(Double, Double)] = [], pitch: [(Double, Double)] = [], yaw: [(Double, Double)] = []
        var x: [(Double, Double)] = [], y: [(Double, Double)] = []
        let stances = plan.stances
        for (i, stance) in stances.enumerated() {
            let s = stance.side.sign
            let deg = Angle.radians(fromDegrees:)
            roll.append((stance.fraction(pattern.pelvicDropPeakFraction), s * deg(stance.pelvicDropDeg)))
            pitch.append((stance.fraction(0.45), pattern.pelvisTiltAmplitudeRad / 2))
            // The stance side's hip is forward at contact: a left-forward pelvis has negative yaw.
            yaw.append((stance.pivotLandsS, -s * pattern.pelvisYawAmplitudeRad))
            // Fore-aft: the ground brakes the body in the first half of stance and propels it in the
            // second, so in the treadmill frame the pelvis is furthest forward a quarter into
            // stance and furthest back three quarters in (velocity ±0.25 m/s, amplitude ≈ 1.5 cm).
            x.append((stance.fraction(0.25), 0.015))
            x.append((stance.fraction(0.75), -0.015))
            y.append((stance.fraction(0.45), s * pattern.pelvisSwayM))
            if i + 1 < stances.count {
                // Between two stances the pelvis passes level and tilts back.
                let between = (stance.fraction(0.45) + stances[i + 1].fraction(0.45)) / 2
                roll.append((between, 0))
                pitch.append((between, -pattern.pelvisTiltAmplitudeRad / 2))
                y.append((between, 0))
            }
        }
        pelvisRoll = SmoothKeyframeTrack(keyframes: roll.map { (timeS: $0.0, value: $0.1) })
        pelvisPitch = SmoothKeyframeTrack(keyframes: pitch.map { (timeS: $0.0, value: $0.1) })
        pelvisYaw = SmoothKeyframeTrack(keyframes: yaw.map { (timeS: $0.0, value: $0.1) })
        pelvisX = SmoothKeyframeTrack(keyframes: x.map { (timeS: $0.0, value: $0.1) })
        pelvisY = SmoothKeyframeTrack(keyframes: y.map { (timeS: $0.0, value: $0.1) })
        // Height comes last (`buildPelvisHeight`): it depends on where the feet are.
        pelvisZ = SmoothKeyframeTrack(keyframes: [(timeS: 0, value: dimensions.ankleHeightM
            + dimensions.thighLengthM + dimensions.shankLengthM)])
    }

    private mutating func buildFootTracks(_ side: Side) {
        var tracks = FootTracks()
        let stances = plan.stances(side)
        let deg = Angle.radians(fromDegrees:)
        for (k, stance) in stances.enumerated() {
            let swingS = k + 1 < stances.count ? stances[k + 1].pivotLandsS - stance.toeOffS : stance.stanceS
            tracks.yaw.append(timeS: stance.pivotLandsS, value: side.sign * stance.toeOutRad)

            tracks.pitch.append(timeS: stance.pivotLandsS, value: pattern.footPitchAtContactRad)
            if pattern.footPitchAtContactRad != 0 {
                tracks.pitch.append(timeS: stance.fraction(pattern.footFlatFraction), value: 0)
            }
            tracks.pitch.append(timeS: stance.fraction(pattern.heelOffFraction), value: 0)
            tracks.pitch.append(timeS: stance.toeOffS + pattern.peakPlantarflexionSwingFraction * swingS,
                                value: pattern.peakPlantarflexionRad)

            tracks.eversion.append(timeS: stance.pivotLandsS, value: deg(stance.eversionAtContactDeg))
            tracks.eversion.append(timeS: stance.fraction(pattern.eversionPeakFraction), value: deg(stance.peakEversionDeg))
            tracks.eversion.append(timeS: stance.toeOffS, value: deg(stance.eversionAtToeOffDeg))
            tracks.eversion.append(timeS: stance.toeOffS + 0.5 * swingS, value: deg(stance.eversionAtContactDeg) * 0.5)

            tracks.kneeAbduction.append(timeS: stance.pivotLandsS, value: 0.3 * deg(stance.kneeValgusDeg))
            tracks.kneeAbduction.append(timeS: stance.fraction(pattern.kneeAbductionPeakFraction), value: deg(stance.kneeValgusDeg))
            tracks.kneeAbduction.append(timeS: stance.toeOffS, value: 0.2 * deg(stance.kneeValgusDeg))
            tracks.kneeAbduction.append(timeS: stance.toeOffS + 0.5 * swingS, value: deg(-1))   // slight adduction in swing

            tracks.tibialInternalRotation.append(timeS: stance.pivotLandsS, value: 0)
            tracks.tibialInternalRotation.append(timeS: stance.fraction(0.5), value: pattern.tibialInternalRotationRad)
            tracks.tibialInternalRotation.append(timeS: stance.toeOffS + 0.5 * swingS, value: 0)
            tracks.hipInternalRotation.append(timeS: stance.pivotLandsS, value: 0)
            tracks.hipInternalRotation.append(timeS: stance.fraction(0.5), value: pattern.hipInternalRotationRad)
            tracks.hipInternalRotation.append(timeS: stance.toeOffS + 0.5 * swingS, value: 0)
        }
        if side == .left { leftTracks = tracks } else { rightTracks = tracks }
    }

    private mutating func buildStanceGeometry(_ side: Side) {
        let yaw = tracks(side).yaw
        let ballFromHeelM = dimensions.ballInFoot.x - dimensions.heelInFoot.x
        func ballOffset(at t: Double) -> Vector3 {
            Vector3(ballFromHeelM * cos(yaw.value(at: t)), ballFromHeelM * sin(yaw.value(at: t)), 0)
        }
        var geometries: [StanceGeometry] = []
        for stance in plan.stances(side) {
            let ic = stance.pivotLandsS
            let pivotAtContact = Vector3(pelvisX.value(at: ic) + stance.strikeAheadM, side.sign * stance.halfStepWidthM, 0)
            let footFlatS = pattern.footPitchAtContactRad == 0 ? ic : stance.fraction(pattern.footFlatFraction)
            let heelOffS = stance.fraction(pattern.heelOffFraction)
            let startsOnBall = pattern.footPitchAtContactRad > 0
            let ballEarly = (positionM: pivotAtContact, timeS: ic)
            let heel = startsOnBall
                ? (positionM: beltPosition(ballEarly, at: footFlatS) - ballOffset(at: footFlatS), timeS: footFlatS)
                : (positionM: pivotAtContact, timeS: ic)
            let ballLate = (positionM: beltPosition(heel, at: heelOffS) + ballOffset(at: heelOffS), timeS: heelOffS)
            geometries.append(StanceGeometry(footFlatS: footFlatS, heelOffS: heelOffS, initialPivotIsBall: startsOnBall,
                                             ballEarly: ballEarly, heel: heel, ballLate: ballLate))
        }
        if side == .left { leftStances = geometries } else { rightStances = geometries }
    }

    /// The ankle's motion state on the stance trajectory, by central differences (h = 0.1 ms).
    private func stanceAnkleState(_ side: Side, stance k: Int, at t: Double) -> PointState {
        let h = 1e-4
        let before = stanceFootPose(side, stance: k, at: t - h).positionM
        let now = stanceFootPose(side, stance: k, at: t).positionM
        let after = stanceFootPose(side, stance: k, at: t + h).positionM
        return PointState(positionM: now, velocityMps: (after - before) / (2 * h),
                          accelerationMps2: (after - 2 * now + before) / (h * h))
    }

    /// The lowest ankle height at which a leg reaches its ankle with `reachFraction` of its length,
    /// for a hip at the height of a slightly flexed stance (the pelvis height is set later).
    private func ankleHeightWithinReach(_ side: Side, at t: Double, ankleX: Double, reachFraction: Double) -> Double {
        let legM = dimensions.thighLengthM + dimensions.shankLengthM
        let hipReferenceHeightM = dimensions.ankleHeightM + 0.97 * legM
        let dx = ankleX - pelvisX.value(at: t)
        return hipReferenceHeightM - (max(pow(reachFraction * legM, 2) - dx * dx, 0)).squareRoot()
    }

    private mutating func buildSwings(_ side: Side, landingVelocityMps: Double) {
        let stances = plan.stances(side)
        var swings: [[QuinticHermiteSegment]] = []
        for k in 0..<(stances.count - 1) {
            let toeOffS = stances[k].toeOffS
            let contactS = stances[k + 1].pivotLandsS
            let swingS = contactS - toeOffS
            let liftOff = stanceAnkleState(side, stance: k, at: toeOffS)
            // All foot keyframes sit at contact, so the foot arrives without rotating: the ankle
            // moves exactly with the belt.
            let contact = PointState(positionM: stanceFootPose(side, stance: k + 1, at: contactS).positionM,
                                     velocityMps: Vector3(-speedMps, 0, 0), accelerationMps2: .zero)
            // Landing: over the last 20 ms the heel's fall of `landingVelocityMps` is stopped (heel
            // pad and shoe compress) and the foot is braked from half to full belt speed.
            let landingS = Self.landingDurationS
            let landing = PointState(
                positionM: contact.positionM + Vector3(0.75 * speedMps * landingS, 0, landingVelocityMps * landingS / 2),
                velocityMps: Vector3(-0.5 * speedMps, 0, -landingVelocityMps), accelerationMps2: .zero)
            // Terminal swing: the foot reaches its most forward point at rest fore-aft, then is
            // pulled back ("foot retraction") to half belt speed, covering (v/2)·T/2.
            let retractionS = min(0.12 * swingS, 0.025)
            let terminalS = contactS - landingS - retractionS
            let terminalX = landing.positionM.x + 0.5 * speedMps * retractionS / 2
            let terminal = PointState(
                positionM: Vector3(terminalX, landing.positionM.y, landing.positionM.z + landingVelocityMps * retractionS / 2),
                velocityMps: .zero, accelerationMps2: .zero)
            let midSwingS = toeOffS + 0.45 * swingS
            let midSwingPosition = Vector3(pelvisX.value(at: midSwingS) + pattern.midSwingAnkleAheadM,
                                           side.sign * (stances[k + 1].halfStepWidthM + 0.015),
                                           pattern.midSwingAnkleHeightM)
            let midSwing = PointState(
                positionM: midSwingPosition,
                velocityMps: Vector3(1.5 * (terminal.positionM.x - midSwingPosition.x) / (terminalS - midSwingS), 0, 0),
                accelerationMps2: .zero)
            // Early swing: the foot, still travelling back at belt speed, comes to rest fore-aft at
            // its most backward point (covering v·T/2) while the knee folds and the heel rises —
            // at least high enough that the leg need not stretch beyond 93 % of its length.
            let earlyS = toeOffS + 0.12 * swingS
            let earlyX = liftOff.positionM.x - speedMps * (earlyS - toeOffS) / 2
            let earlyZ = max(liftOff.positionM.z + 0.55 * (midSwingPosition.z - liftOff.positionM.z),
                             ankleHeightWithinReach(side, at: earlyS, ankleX: earlyX, reachFraction: 0.93))
            let early = PointState(
                positionM: Vector3(earlyX, (liftOff.positionM.y + midSwingPosition.y) / 2, earlyZ),
                velocityMps: Vector3(0, 0, 1.5 * max(midSwingPosition.z - liftOff.positionM.z, 0.05) / (midSwingS - toeOffS)),
                accelerationMps2: .zero)
            swings.append([
                QuinticHermiteSegment(from: liftOff, at: toeOffS, to: early, at: earlyS),
                QuinticHermiteSegment(from: early, at: earlyS, to: midSwing, at: midSwingS),
                QuinticHermiteSegment(from: midSwing, at: midSwingS, to: terminal, at: terminalS),
                QuinticHermiteSegment(from: terminal, at: terminalS, to: landing, at: contactS - landingS),
                QuinticHermiteSegment(from: landing, at: contactS - landingS, to: contact, at: contactS),
            ])
        }
        if side == .left { leftSwings = swings } else { rightSwings = swings }
    }

    /// Pelvis height: at each contact and toe-off the highest that keeps both legs, stance and
    /// swing, within `maximumReachRatio` of full extension at every instant; at mid-stance the
    /// height that gives the pattern's knee flexion; in a flight phase the ballistic rise g·T²/8.
    private mutating func buildPelvisHeight() {
        let lt = dimensions.thighLengthM, ls = dimensions.shankLengthM
        let maximumReachM = Self.maximumReachRatio * (lt + ls)
        let stances = plan.stances
        let midFraction = 0.45

        // The highest pelvis origin that lets this leg reach its ankle with `reachM`; it does not
        // depend on the pelvis height, so it is computed once per instant.
        func pelvisHeightReaching(_ side: Side, at t: Double, reachM: Double) -> Double {
            let pelvis = pelvisPose(at: t)
            let hipOffset = pelvis.orientation.rotate(dimensions.hipJointInPelvis(side))
            let ankle = footPose(side, at: t).positionM
            let dx = pelvis.positionM.x + hipOffset.x - ankle.x
            let dy = pelvis.positionM.y + hipOffset.y - ankle.y
            let vertical = (max(reachM * reachM - dx * dx - dy * dy, 0)).squareRoot()
            return ankle.z + vertical - hipOffset.z
        }
        let gridStepS = 0.002
        // Only where both feet are planned: before a side's first contact and after its last
        // toe-off its foot is an extrapolation that no pose uses.
        let gridStartS = max(plan.left.first!.pivotLandsS, plan.right.first!.pivotLandsS)
        let gridEndS = min(plan.left.last!.pivotLandsS, plan.right.last!.pivotLandsS)
        let gridCount = Int((gridEndS - gridStartS) / gridStepS)
        let gridTimes = (0...gridCount).map { gridStartS + Double($0) * gridStepS }
        let leftLimits = gridTimes.map { pelvisHeightReaching(.left, at: $0, reachM: maximumReachM) }
        let rightLimits = gridTimes.map { pelvisHeightReaching(.right, at: $0, reachM: maximumReachM) }
        let limits = zip(leftLimits, rightLimits).map { min($0, $1) }

        let midTimes = stances.map { $0.fraction(midFraction) }
        func nearestIndex(in sorted: [Double], to t: Double) -> Int {
            var low = 0, high = sorted.count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if sorted[middle] <= t { low = middle } else { high = middle }
            }
            return abs(sorted[low] - t) <= abs(sorted[high] - t) ? low : high
        }
        var contactHeight = limits.min()!
        var midHeights = stances.map { stance -> Double in
            let abduction = Angle.radians(fromDegrees: stance.kneeValgusDeg)
            let reach = (lt * lt + ls * ls + 2 * lt * ls * cos(abduction) * cos(stance.midStanceKneeFlexionRad)).squareRoot()
            return pelvisHeightReaching(stance.side, at: stance.fraction(midFraction), reachM: min(reach, maximumReachM))
        }

        func build() -> SmoothKeyframeTrack {
            var keyframes: [(timeS: Double, value: Double)] = []
            for (i, stance) in stances.enumerated() {
                keyframes.append((stance.pivotLandsS, contactHeight))
                keyframes.append((stance.fraction(midFraction), midHeights[i]))
                keyframes.append((stance.toeOffS, contactHeight))
                if i + 1 < stances.count, stances[i + 1].pivotLandsS - stance.toeOffS > 0.02 {
                    let flightS = stances[i + 1].pivotLandsS - stance.toeOffS
                    keyframes.append(((stance.toeOffS + stances[i + 1].pivotLandsS) / 2,
                                      contactHeight + standardGravityMps2 * flightS * flightS / 8))
                }
            }
            return SmoothKeyframeTrack(keyframes: keyframes)
        }
        // A mid-stance rise (walking) that over-stretches its own stance leg is lowered there.
        for _ in 0..<4 {
            pelvisZ = build()
            var lowered = false
            for (index, t) in gridTimes.enumerated() {
                let nearest = nearestIndex(in: midTimes, to: t)
                let stance = stances[nearest]
                let ownLimit = stance.side == .left ? leftLimits[index] : rightLimits[index]
                let excess = pelvisZ.value(at: t) - ownLimit
                if excess > 0, midHeights[nearest] > contactHeight, t >= stance.pivotLandsS, t <= stance.toeOffS {
                    midHeights[nearest] -= excess + 0.0005
                    lowered = true
                }
            }
            if !lowered { break }
        }
        // Wherever else a leg would still be over-stretched (a swing leg reaching forward in
        // terminal swing), lower the whole track by the worst excess: then no instant exceeds.
        pelvisZ = build()
        let worstExcessM = gridTimes.indices.map { pelvisZ.value(at: gridTimes[$0]) - limits[$0] }.max() ?? 0
        if worstExcessM > 0 {
            contactHeight -= worstExcessM + 0.0005
            midHeights = midHeights.map { $0 - worstExcessM - 0.0005 }
            pelvisZ = build()
        }
        self.contactHeightM = contactHeight
        // Where no pelvis height helps (a foot further from the hip than a leg is long), the
        // options describe a gait this body cannot make; the simulator refuses them.
        worstReachRatio = gridTimes.map { t in
            let pelvis = pelvisPose(at: t)
            return max(legPoses(.left, pelvis: pelvis, foot: footPose(.left, at: t), at: t).reachRatio,
                       legPoses(.right, pelvis: pelvis, foot: footPose(.right, at: t), at: t).reachRatio)
        }.max() ?? 0
    }

    /// Where a runner of these dimensions lands: the strike distance (as a fraction of the
    /// contact length) that lets the pelvis ride highest, i.e. that keeps the legs straightest at
    /// contact, toe-off and in swing. Found by golden-section search on a short probe of the gait,
    /// so the pattern adapts to speed, cadence, strike and body size instead of being tuned to one.
    static func bestStrikeAheadFraction(options: SimulationOptions, dimensions: BodyDimensions,
                                        pattern: GaitPattern) -> Double {
        var probeOptions = options
        probeOptions.strideVariability = 0
        func contactHeight(_ fraction: Double) -> Double {
            var probePattern = pattern
            probePattern.strikeAheadFraction = fraction
            let stepS = 60 / options.resolvedCadenceStepsPerMin
            let plan = StridePlan(options: probeOptions, pattern: probePattern, startS: 0, endS: 12 * stepS)
            return GaitKinematics(options: probeOptions, dimensions: dimensions, pattern: probePattern, plan: plan).contactHeightM
        }
        var low = 0.05, high = 0.7
        let golden = (5.0.squareRoot() - 1) / 2
        var a = high - golden * (high - low), b = low + golden * (high - low)
        var heightA = contactHeight(a), heightB = contactHeight(b)
        for _ in 0..<18 {                       // interval shrinks to 0.65 · 0.618¹⁸ ≈ 1e-4
            if heightA > heightB {
                high = b; b = a; heightB = heightA
                a = high - golden * (high - low); heightA = contactHeight(a)
            } else {
                low = a; a = b; heightA = heightB
                b = low + golden * (high - low); heightB = contactHeight(b)
            }
        }
        return (low + high) / 2
    }
}
