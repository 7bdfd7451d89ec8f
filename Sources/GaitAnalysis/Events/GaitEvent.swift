import GaitCore

/// One stance phase of one foot: initial contact to toe-off, on the session clock.
public struct StancePhase: Sendable, Equatable {
    public enum Source: String, Sendable, Codable { case insole, imu }
    public var side: Side
    public var initialContactS: Double
    public var toeOffS: Double
    public var source: Source

    public var stanceS: Double { toeOffS - initialContactS }
}
