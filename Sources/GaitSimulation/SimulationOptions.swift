import GaitCore

/// Everything the simulator can be asked to do. Every field has a default that describes a healthy
/// recreational runner on a treadmill with realistic, imperfect sensors; units are in the names.
public struct SimulationOptions: Codable, Sendable, Equatable {
    public enum Activity: String, Codable, Sendable, CaseIterable {
        case run = "treadmill-run"
        case walk = "treadmill-walk"
        case stand = "quiet-standing"
    }

    public enum StrikePattern: String, Codable, Sendable, CaseIterable {
        case heel, midfoot, forefoot
    }

    /// Seed of every random draw; the same options and seed give the same session, bit for bit.
    public var seed: UInt64 = 1
    public var activity: Activity = .run

    // MARK: Session layout
    /// Quiet standing at the start, used for calibration, seconds.
    public var standingS: Double = 8
    /// Blend from standing into gait (and back), seconds.
    public var transitionS: Double = 2
    /// Steady gait after the transition, seconds.
    public var gaitS: Double = 30
    /// Quiet standing after the gait (0: the session ends while running), seconds.
    public var trailingStandingS: Double = 0
    /// Whether session.json states the standing interval (false: the analysis must find it).
    public var declareStanding: Bool = true

    // MARK: Subject and gait
    public var subjectID: String = "SIM-001"
    public var heightM: Double = 1.75
    public var massKg: Double = 68
    /// Belt speed, m/s. nil: 3.0 for running, 1.3 for walking.
    public var speedMps: Double?
    /// Steps per minute. nil: rises with speed as recreational runners' does, 150 + 7·v steps/min
    /// running (171 at 3 m/s), 75 + 30·v walking (114 at 1.3 m/s).
    public var cadenceStepsPerMin: Double?
    /// Stance time as a fraction of stride time. nil: falls with speed, 0.43 − 0.03·v running
    /// (0.34 at 3 m/s: 0.24 s of contact at 171 steps/min), 0.62 walking.
    public var dutyFactor: Double?
    public var strike: StrikePattern = .heel
    /// Vertical speed of the landing heel (or forefoot) just before contact, m/s: sets the impact.
    public var landingVelocityMps: Double = 0.7

    /// Per-side subject means of the measures, relative to quiet standing (conventions.md signs:
    /// positive is the harmful direction). Each stride draws around its side's mean.
    public var pelvicDropDeg: SidePair = SidePair(left: 4, right: 4)
    public var kneeValgusDeg: SidePair = SidePair(left: 2, right: 2)
    public var peakEversionDeg: SidePair = SidePair(left: 5, right: 5)
    /// Foot eversion at initial contact (negative: inverted at contact), degrees.
    public var eversionAtContactDeg: SidePair = SidePair(left: -4, right: -4)
    /// Multiplies every stride-to-stride standard deviation (0: identical strides).
    public var strideVariability: Double = 1

    // MARK: Sensors
    public var placements: [Placement] = Placement.allCases
    public var imuRateHz: Double = 1000
    public var insoleRateHz: Double = 200
    public var insoleCellCount: Int = 16
    /// Also write magnetometer columns (mx, my, mz) for the IMUs.
    public var magnetometer: Bool = false

    // MARK: Sensor errors
    /// Mounting rotation of each IMU relative to its segment: a random axis, an angle drawn
    /// uniformly up to this, degrees.
    public var maxMountingDeg: Double = 35
    /// Random displacement of each IMU from its nominal site, up to this per axis, metres.
    public var mountingOffsetM: Double = 0.02
    /// Multiplies the white noise of the datasheet (ICM-42688-P class) densities.
    public var noiseScale: Double = 1
    /// Multiplies the turn-on biases (accelerometer 0.1 m/s², gyroscope 0.3 °/s, 1 sd).
    public var biasScale: Double = 1
    /// Multiplies the bias random walks (accelerometer 0.002 m/s²/√s, gyroscope 0.005 °/s/√s).
    public var biasDriftScale: Double = 1
    /// Standard deviation of each axis's scale-factor error, percent.
    public var scaleErrorPercent: Double = 0.5
    public var accelerometerRangeG: Double = 16
    public var gyroscopeRangeDps: Double = 2000
    /// Multiplies the soft-tissue wobble and impact transients after initial contact.
    public var softTissueScale: Double = 1
    /// Residual clock offset of each device, drawn uniformly in ± this, milliseconds.
    public var clockOffsetMaxMs: Double = 20
    /// Residual clock drift of each device, drawn uniformly in ± this, parts per million.
    public var clockDriftMaxPpm: Double = 100
    /// The device whose clock is the session clock (zero offset and drift). nil: the left insole
    /// if present, else the pelvis, else the first placement.
    public var clockReference: Placement?
    /// Mean number of runs of lost samples per device per minute.
    public var dropoutsPerMinute: Double = 0
    /// Mean length of a run of lost samples, milliseconds.
    public var dropoutMeanMs: Double = 40

    public init() {}

    public var resolvedSpeedMps: Double {
        speedMps ?? (activity == .walk ? 1.3 : activity == .run ? 3.0 : 0)
    }
    public var resolvedCadenceStepsPerMin: Double {
        cadenceStepsPerMin ?? (activity == .walk ? 75 + 30 * resolvedSpeedMps : 150 + 7 * resolvedSpeedMps)
    }
    public var resolvedDutyFactor: Double {
        dutyFactor ?? (activity == .walk ? 0.62 : 0.43 - 0.03 * resolvedSpeedMps)
    }
    public var resolvedClockReference: Placement? {
        if let clockReference, placements.contains(clockReference) { return clockReference }
        if placements.contains(.leftInsole) { return .leftInsole }
        if placements.contains(.pelvis) { return .pelvis }
        return placements.sorted().first
    }

    /// Session duration, seconds.
    public var durationS: Double {
        activity == .stand ? standingS : standingS + transitionS + gaitS
            + (trailingStandingS > 0 ? transitionS + trailingStandingS : 0)
    }

    /// Checks the options and says what is wrong in words a user can act on.
    public func validate() throws(SimulationOptionsError) {
        func require(_ condition: Bool, _ message: String) throws(SimulationOptionsError) {
            if !condition { throw SimulationOptionsError(message: message) }
        }
        try require(standingS >= 2, "--standing must be at least 2 s: the analysis calibrates from quiet standing.")
        try require(activity == .stand || gaitS >= 5, "--duration must be at least 5 s of gait.")
        try require(transitionS >= 0.5, "--transition must be at least 0.5 s.")
        try require(trailingStandingS >= 0, "--trailing-standing cannot be negative.")
        try require((1.2...2.2).contains(heightM), "--height must be between 1.2 and 2.2 m.")
        try require((30...150).contains(massKg), "--mass must be between 30 and 150 kg.")
        if activity != .stand {
            try require((0.5...7).contains(resolvedSpeedMps), "--speed must be between 0.5 and 7 m/s.")
            try require((80...220).contains(resolvedCadenceStepsPerMin), "--cadence must be between 80 and 220 steps/min.")
            let duty = resolvedDutyFactor
            try require(activity == .run ? (0.22...0.49).contains(duty) : (0.52...0.7).contains(duty),
                        "--duty-factor must be 0.22–0.49 for running (a flight phase) and 0.52–0.70 for walking (double support).")
        }
        try require(!placements.isEmpty, "--sensors names no placement.")
        try require(Set(placements).count == placements.count, "--sensors names a placement twice.")
        try require((50...4000).contains(imuRateHz), "--imu-rate must be between 50 and 4000 Hz.")
        try require((25...1000).contains(insoleRateHz), "--insole-rate must be between 25 and 1000 Hz.")
        try require((4...256).contains(insoleCellCount), "--insole-cells must be between 4 and 256.")
        try require((0...90).contains(maxMountingDeg), "--max-mounting must be between 0 and 90 degrees.")
        try require(strideVariability >= 0, "--variability cannot be negative.")
        for (name, pair) in [("pelvic drop", pelvicDropDeg), ("knee valgus", kneeValgusDeg), ("peak eversion", peakEversionDeg)] {
            try require([pair.left, pair.right].allSatisfy { (-10...20).contains($0) }, "The \(name) means must be between −10 and 20 degrees.")
        }
        try require(peakEversionDeg.left > eversionAtContactDeg.left && peakEversionDeg.right > eversionAtContactDeg.right,
                    "Peak eversion must exceed eversion at contact on each side (pronation is their difference).")
        try require(accelerometerRangeG >= 2 && gyroscopeRangeDps >= 125, "Sensor ranges must be at least 2 g and 125 °/s.")
        try require(clockOffsetMaxMs >= 0 && clockDriftMaxPpm >= 0 && dropoutsPerMinute >= 0 && dropoutMeanMs > 0,
                    "Clock and dropout options cannot be negative.")
    }
}

/// A left and a right value.
public struct SidePair: Codable, Sendable, Equatable {
    public var left: Double
    public var right: Double
    public init(left: Double, right: Double) { self.left = left; self.right = right }
    public subscript(side: Side) -> Double { side == .left ? left : right }
}

public struct SimulationOptionsError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
