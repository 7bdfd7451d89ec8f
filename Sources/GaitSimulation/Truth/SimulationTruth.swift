import GaitCore
import GaitSessionFiles

/// What really happened in a simulated session: written beside the session folder as
/// `<folder>.truth.json` so that an analysis can be scored against it.
///
/// All times are true session time, which is also the clock of the `clockReference` device
/// (zero offset and drift); other devices' files carry their residual clock error (`sensors`).
/// Measures follow conventions.md exactly, computed from the true segment kinematics.
public struct SimulationTruth: Codable, Sendable, Equatable {
    public static let formatIdentifier = "gait-simulation-truth/1"

    public var format: String = Self.formatIdentifier
    public var options: SimulationOptions
    /// The quiet-standing interval whose mean angles are the zero of every measure.
    public var standing: TimeSpan
    /// Steady gait, where every stride must be found (strides outside are in transitions).
    public var gaitSections: [GaitSection]
    public var clockReference: String?
    public var standingReference: StandingReference
    public var sensors: [SensorTruth]
    public var strides: [StrideTruth]

    public struct GaitSection: Codable, Sendable, Equatable {
        public var activity: String
        public var start: Double
        public var end: Double
    }

    /// Mean angles over the standing interval, degrees, before any side sign.
    public struct StandingReference: Codable, Sendable, Equatable {
        public var pelvisRollDeg: Double
        public var kneeXRotationDeg: SidePair
        public var footRollDeg: SidePair
    }

    public struct SensorTruth: Codable, Sendable, Equatable {
        public var id: String
        public var placement: Placement
        public var clock: DeviceClock
        /// IMUs: the strap rotation q_segment←sensor (w, x, y, z), its angle, and the site.
        public var mountingRotation: [Double]?
        public var misalignmentDeg: Double?
        public var siteM: [Double]?
        /// Runs of lost samples, true session time, and how many samples each lost.
        public var lostIntervals: [LostInterval]
        public var samplesWritten: Int
        /// IMU samples where any axis hit full scale.
        public var saturatedSamples: Int
    }

    public struct LostInterval: Codable, Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var samples: Int
    }

    public struct StrideTruth: Codable, Sendable, Equatable {
        public var index: Int
        public var side: Side
        /// `gait` inside a gait section; `transition` while blending from or to standing.
        public var section: String
        public var ic: Double
        public var to: Double
        public var nextIc: Double?
        public var stanceS: Double
        public var strideS: Double?
        public var pelvicDropDeg: Double
        public var kneeValgusDeg: Double
        public var pronationDeg: Double
        public var peakEversionDeg: Double
        public var eversionVelocityDegPerS: Double
        /// The targets the stride was drawn with (the measures above are computed, not copied).
        public var targetPelvicDropDeg: Double
        public var targetKneeValgusDeg: Double
        public var targetPeakEversionDeg: Double
    }
}
