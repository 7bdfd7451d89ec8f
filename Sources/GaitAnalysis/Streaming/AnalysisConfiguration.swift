import Foundation

/// How much data the streaming analysis waits for, seconds. Defaults suit running and walking.
public struct AnalysisConfiguration: Sendable, Equatable {
    /// Gait used to calibrate, counted from the first initial contact: the knee's hinge axes, the
    /// feet's flexion axes, the pelvis's direction of travel and the insoles' clock offset come
    /// from it. No stride is measured before it has arrived. Default 15 s (about 20 strides of
    /// running, 12 of walking).
    public var calibrationGaitS = 15.0
    /// Data after a toe-off its stride waits for: the eversion filter's margin, the knee's
    /// heading alignment, and the next contact of the same foot (the stride time). Default 1.5 s,
    /// a walking stride.
    public var lookAheadS = 1.5
    /// Data before a contact a stride uses (the knee's heading alignment averages ±3 s).
    public var lookBackS = 3.0
    /// Without quiet standing and gait to calibrate from after this long, seconds, the analysis
    /// stops waiting for them: strides are reported with events only, and memory stays bounded.
    public var maximumWarmUpS = 300.0
    /// When set, every stride carries its side's angles sampled on the grid t = k / rate, Hz
    /// (`StrideResult.angleCurves`, for exports such as C3D). Default nil: none (the report
    /// needs only the peaks and the mean stance curves).
    public var angleCurveRateHz: Double?

    public init() {}
}
