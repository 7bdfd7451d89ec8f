import GaitCore

/// The shape of one activity's gait: where in the stance each keyframe falls and how large the
/// movements are that are not measures. Values are typical of the running and walking literature
/// for recreational adults; they set a realistic pattern, not a measure the analysis is judged on.
struct GaitPattern: Sendable {
    /// Foot pitch at initial contact, radians; negative lifts the toes (heel strike).
    var footPitchAtContactRad: Double
    /// Fractions of stance at which the foot is flat and at which the heel lifts.
    var footFlatFraction: Double
    var heelOffFraction: Double
    /// Peak plantarflexion of the foot after toe-off, radians, and when, as a fraction of swing.
    var peakPlantarflexionRad: Double
    var peakPlantarflexionSwingFraction: Double
    /// Fraction of stance at which pelvic drop, knee abduction and eversion peak.
    var pelvicDropPeakFraction: Double
    var kneeAbductionPeakFraction: Double
    var eversionPeakFraction: Double
    /// Knee flexion at mid-stance, radians: sets the pelvis height at mid-stance.
    var midStanceKneeFlexionRad: Double
    /// How far the stance pivot lands ahead of the pelvis, as a fraction of the contact length.
    /// The simulator replaces this starting value with the one where the legs reach best
    /// (`GaitKinematics.bestStrikeAheadFraction`).
    var strikeAheadFraction: Double
    /// Ankle height and fore-aft position relative to the pelvis at mid-swing, metres.
    var midSwingAnkleHeightM: Double
    var midSwingAnkleAheadM: Double
    /// Distance between the two feet's lines of progression, metres.
    var stepWidthM: Double
    /// Pelvic rotation (yaw) at initial contact, anterior tilt swing, side-to-side sway.
    var pelvisYawAmplitudeRad: Double
    var pelvisTiltAmplitudeRad: Double
    var pelvisSwayM: Double
    /// Toe-out of each foot (foot progression angle), radians.
    var toeOutRad: Double
    /// Internal rotation of thigh and tibia during stance, radians (crosstalk the analysis must survive).
    var hipInternalRotationRad: Double
    var tibialInternalRotationRad: Double

    static func pattern(for options: SimulationOptions) -> GaitPattern {
        let deg = Angle.radians(fromDegrees:)
        let strikePitch: Double = switch options.strike {
        case .heel: options.activity == .walk ? deg(-20) : deg(-14)
        case .midfoot: 0
        case .forefoot: deg(9)
        }
        if options.activity == .walk {
            return GaitPattern(
                footPitchAtContactRad: strikePitch, footFlatFraction: 0.15, heelOffFraction: 0.45,
                peakPlantarflexionRad: deg(55), peakPlantarflexionSwingFraction: 0.06,
                pelvicDropPeakFraction: 0.25, kneeAbductionPeakFraction: 0.3, eversionPeakFraction: 0.35,
                midStanceKneeFlexionRad: deg(19), strikeAheadFraction: 0.30,
                midSwingAnkleHeightM: 0.13, midSwingAnkleAheadM: 0.05, stepWidthM: 0.10,
                pelvisYawAmplitudeRad: deg(4), pelvisTiltAmplitudeRad: deg(1.5), pelvisSwayM: 0.025,
                toeOutRad: deg(6), hipInternalRotationRad: deg(3), tibialInternalRotationRad: deg(4))
        }
        return GaitPattern(
            footPitchAtContactRad: strikePitch, footFlatFraction: options.strike == .heel ? 0.15 : 0.22,
            heelOffFraction: 0.48,
            peakPlantarflexionRad: deg(50), peakPlantarflexionSwingFraction: 0.08,
            pelvicDropPeakFraction: 0.35, kneeAbductionPeakFraction: 0.4, eversionPeakFraction: 0.4,
            midStanceKneeFlexionRad: deg(44), strikeAheadFraction: 0.30,
            // The heel rises higher towards the buttocks the faster the run.
            midSwingAnkleHeightM: min(max(0.30 + 0.06 * (options.resolvedSpeedMps - 3), 0.2), 0.5),
            midSwingAnkleAheadM: -0.05, stepWidthM: 0.06,
            pelvisYawAmplitudeRad: deg(5), pelvisTiltAmplitudeRad: deg(2), pelvisSwayM: 0.012,
            toeOutRad: deg(5), hipInternalRotationRad: deg(4), tibialInternalRotationRad: deg(5))
    }
}
