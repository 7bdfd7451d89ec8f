import ArgumentParser
import Foundation
import GaitCore
import GaitSimulation

extension Gait {
    /// `gait simulate`: a treadmill session with known truth.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a simulated treadmill session and, beside it, its ground truth.",
            discussion: """
                Writes OUT/ (session.json and one CSV per sensor, gait-session-csv/1) and \
                OUT.truth.json: the true initial contacts and toe-offs and the five measures of \
                every stride, computed from the simulated body's true segment motion. Sensors \
                carry realistic errors: strap misalignment, noise, bias and drift, scale errors, \
                saturation, soft-tissue wobble, clock offset and drift, lost samples.
                """)

        @Option(name: .long, help: ArgumentHelp("Session folder to write.", valueName: "folder"))
        var out: String

        @Option(help: "Random seed: the same seed and options give the same session.")
        var seed: UInt64 = 1

        @Option(help: "run, walk or stand.")
        var activity: ActivityArgument = .run

        @Option(help: ArgumentHelp("Seconds of steady gait.", valueName: "s"))
        var duration: Double = 30

        @Option(help: ArgumentHelp("Seconds of quiet standing at the start (calibration).", valueName: "s"))
        var standing: Double = 8

        @Option(help: ArgumentHelp("Seconds of blend between standing and gait.", valueName: "s"))
        var transition: Double = 2

        @Option(name: .customLong("trailing-standing"), help: ArgumentHelp("Seconds of standing after the gait.", valueName: "s"))
        var trailingStanding: Double = 0

        @Flag(name: .customLong("undeclared-standing"), help: "Leave the standing interval out of session.json.")
        var undeclaredStanding = false

        @Option(help: ArgumentHelp("Belt speed (default 3.0 running, 1.3 walking).", valueName: "m/s"))
        var speed: Double?

        @Option(help: ArgumentHelp("Steps per minute (default 150 + 7·speed running, 75 + 30·speed walking).", valueName: "steps/min"))
        var cadence: Double?

        @Option(name: .customLong("duty-factor"), help: ArgumentHelp("Stance time / stride time (default 0.43 − 0.03·speed running, 0.62 walking).", valueName: "fraction"))
        var dutyFactor: Double?

        @Option(help: "heel, midfoot or forefoot.")
        var strike: StrikeArgument = .heel

        @Option(help: ArgumentHelp("Subject height.", valueName: "m"))
        var height: Double = 1.75

        @Option(help: ArgumentHelp("Subject mass.", valueName: "kg"))
        var mass: Double = 68

        @Option(name: .customLong("pelvic-drop"), help: ArgumentHelp("Mean peak pelvic drop, left,right.", valueName: "deg,deg"))
        var pelvicDrop: SidePairArgument = SidePairArgument(4, 4)

        @Option(name: .customLong("knee-valgus"), help: ArgumentHelp("Mean peak knee abduction, left,right.", valueName: "deg,deg"))
        var kneeValgus: SidePairArgument = SidePairArgument(2, 2)

        @Option(name: .customLong("peak-eversion"), help: ArgumentHelp("Mean peak foot eversion, left,right.", valueName: "deg,deg"))
        var peakEversion: SidePairArgument = SidePairArgument(5, 5)

        @Option(name: .customLong("eversion-at-contact"),
                help: ArgumentHelp("Mean eversion at contact, left,right (negative: inverted; write --eversion-at-contact=-4,-4).", valueName: "deg,deg"))
        var eversionAtContact: SidePairArgument = SidePairArgument(-4, -4)

        @Option(help: "Multiplies every stride-to-stride standard deviation (0: identical strides).")
        var variability: Double = 1

        @Option(help: ArgumentHelp("Placements to simulate, comma-separated, or 'all' or 'imu'.", valueName: "list"))
        var sensors: PlacementListArgument = PlacementListArgument(Placement.allCases)

        @Option(name: .customLong("imu-rate"), help: ArgumentHelp("IMU sample rate.", valueName: "Hz"))
        var imuRate: Double = 1000

        @Option(name: .customLong("insole-rate"), help: ArgumentHelp("Insole sample rate.", valueName: "Hz"))
        var insoleRate: Double = 200

        @Option(name: .customLong("insole-cells"), help: "Cells per insole.")
        var insoleCells: Int = 16

        @Flag(help: "Also write magnetometer columns.")
        var magnetometer = false

        @Option(name: .customLong("max-mounting"), help: ArgumentHelp("Largest strap misalignment.", valueName: "deg"))
        var maxMounting: Double = 35

        @Option(name: .customLong("noise-scale"), help: "Multiplies the sensors' white noise.")
        var noiseScale: Double = 1

        @Option(name: .customLong("bias-scale"), help: "Multiplies the sensors' turn-on biases.")
        var biasScale: Double = 1

        @Option(name: .customLong("drift-scale"), help: "Multiplies the sensors' bias random walks.")
        var driftScale: Double = 1

        @Option(name: .customLong("soft-tissue-scale"), help: "Multiplies soft-tissue wobble after contact.")
        var softTissueScale: Double = 1

        @Option(name: .customLong("clock-offset"), help: ArgumentHelp("Largest residual clock offset per device.", valueName: "ms"))
        var clockOffset: Double = 20

        @Option(name: .customLong("clock-drift"), help: ArgumentHelp("Largest residual clock drift per device.", valueName: "ppm"))
        var clockDrift: Double = 100

        @Option(name: .customLong("dropouts-per-minute"), help: "Mean runs of lost samples per device per minute.")
        var dropoutsPerMinute: Double = 0

        @Option(name: .customLong("dropout-ms"), help: ArgumentHelp("Mean length of a run of lost samples.", valueName: "ms"))
        var dropoutMs: Double = 40

        func options() -> SimulationOptions {
            var options = SimulationOptions()
            options.seed = seed
            options.activity = activity.value
            options.gaitS = duration
            options.standingS = activity == .stand ? max(standing, duration) : standing
            options.transitionS = transition
            options.trailingStandingS = trailingStanding
            options.declareStanding = !undeclaredStanding
            options.speedMps = speed
            options.cadenceStepsPerMin = cadence
            options.dutyFactor = dutyFactor
            options.strike = strike.value
            options.heightM = height
            options.massKg = mass
            options.pelvicDropDeg = pelvicDrop.value
            options.kneeValgusDeg = kneeValgus.value
            options.peakEversionDeg = peakEversion.value
            options.eversionAtContactDeg = eversionAtContact.value
            options.strideVariability = variability
            options.placements = sensors.value
            options.imuRateHz = imuRate
            options.insoleRateHz = insoleRate
            options.insoleCellCount = insoleCells
            options.magnetometer = magnetometer
            options.maxMountingDeg = maxMounting
            options.noiseScale = noiseScale
            options.biasScale = biasScale
            options.biasDriftScale = driftScale
            options.softTissueScale = softTissueScale
            options.clockOffsetMaxMs = clockOffset
            options.clockDriftMaxPpm = clockDrift
            options.dropoutsPerMinute = dropoutsPerMinute
            options.dropoutMeanMs = dropoutMs
            return options
        }

        func validate() throws {
            do { try options().validate() } catch { throw ValidationError(error.message) }
        }

        func run() throws {
            let folder = URL(fileURLWithPath: out, isDirectory: true)
            let simulator = try SessionSimulator(options: options())
            let truth = try simulator.write(to: folder)
            let gaitStrides = truth.strides.filter { $0.section == "gait" }.count
            print("Wrote \(out)/ (\(truth.sensors.count) sensors, \(String(format: "%.1f", simulator.options.durationS)) s) "
                + "and \(SessionSimulator.truthURL(forSession: folder).lastPathComponent) (\(gaitStrides) strides in steady gait).")
        }
    }
}

enum ActivityArgument: String, ExpressibleByArgument, CaseIterable {
    case run, walk, stand
    var value: SimulationOptions.Activity {
        switch self {
        case .run: .run
        case .walk: .walk
        case .stand: .stand
        }
    }
}

enum StrikeArgument: String, ExpressibleByArgument, CaseIterable {
    case heel, midfoot, forefoot
    var value: SimulationOptions.StrikePattern { SimulationOptions.StrikePattern(rawValue: rawValue)! }
}

/// `left,right` in degrees, or one number for both sides.
struct SidePairArgument: ExpressibleByArgument {
    var value: SidePair
    init(_ left: Double, _ right: Double) { value = SidePair(left: left, right: right) }
    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.count <= 2, let left = parts[0], let right = parts.last! else { return nil }
        value = SidePair(left: left, right: right)
    }
    var defaultValueDescription: String { "\(value.left),\(value.right)" }
}

/// Placements, comma-separated; `all` (every placement) or `imu` (the seven IMU placements).
struct PlacementListArgument: ExpressibleByArgument {
    var value: [Placement]
    init(_ placements: [Placement]) { value = placements }
    init?(argument: String) {
        switch argument {
        case "all": value = Placement.allCases
        case "imu": value = Placement.imuPlacements
        default:
            let names = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let placements = names.compactMap(Placement.init(rawValue:))
            guard placements.count == names.count, !placements.isEmpty else { return nil }
            value = placements
        }
    }
    var defaultValueDescription: String { "all" }
    static var defaultCompletionKind: CompletionKind { .list(Placement.allCases.map(\.rawValue) + ["all", "imu"]) }
}
