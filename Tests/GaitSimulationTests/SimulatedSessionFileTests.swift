import Foundation
import GaitCore
import GaitSessionFiles
import Testing
@testable import GaitSimulation

/// What `gait simulate` writes, read back through the session reader and checked against the
/// truth and against numbers worked by hand.
struct SimulatedSessionFileTests {
    static func temporaryFolder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("gait-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
            .appendingPathComponent(name)
    }

    static func shortOptions() -> SimulationOptions {
        var options = SimulationOptions()
        options.standingS = 3
        options.gaitS = 8
        options.imuRateHz = 500
        options.insoleRateHz = 100
        return options
    }

    @Test func lostSamplesAreGapsInTheFileAndInTheTruth() throws {
        var options = Self.shortOptions()
        options.dropoutsPerMinute = 30
        options.placements = [.pelvis, .leftFoot, .leftInsole]
        let folder = Self.temporaryFolder("dropouts")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let truth = try SessionSimulator(options: options).write(to: folder)
        let session = try RecordedSession.read(from: folder)
        for recording in session.recordings {
            let sensorTruth = try #require(truth.sensors.first { $0.placement == recording.sensor.placement })
            #expect(!sensorTruth.lostIntervals.isEmpty, "\(recording.sensor.id) lost nothing")
            #expect(recording.gaps.count == sensorTruth.lostIntervals.count)
            #expect(recording.timesS.count == sensorTruth.samplesWritten)
            for (gap, lost) in zip(recording.gaps, sensorTruth.lostIntervals) {
                #expect(gap.missingSamples == lost.samples, "\(recording.sensor.id) gap at \(gap.start)")
                // The reader's gap spans the lost samples (on the device clock, off by its offset).
                let clock = sensorTruth.clock
                #expect(gap.start < clock.deviceTime(atSessionTime: lost.start))
                #expect(gap.end > clock.deviceTime(atSessionTime: lost.end))
            }
        }
    }

    @Test func deviceClocksDriftAsTheTruthSays() throws {
        var options = Self.shortOptions()
        options.placements = [.leftInsole, .pelvis, .rightFoot]
        options.clockDriftMaxPpm = 100
        options.clockOffsetMaxMs = 20
        let folder = Self.temporaryFolder("clocks")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let truth = try SessionSimulator(options: options).write(to: folder)
        let session = try RecordedSession.read(from: folder)
        #expect(truth.clockReference == "left_insole")
        for recording in session.recordings {
            let clock = try #require(truth.sensors.first { $0.placement == recording.sensor.placement }).clock
            if recording.sensor.placement == .leftInsole { #expect(clock == .perfect) }
            // By hand: the device ticks at its nominal rate on its own clock, so consecutive file
            // times are 1/rate apart, and the last sample's device time maps to ≤ the session end.
            let period = 1 / recording.sensor.rateHz
            #expect(abs((recording.timesS[1] - recording.timesS[0]) - period) < 1e-6)
            let lastTrue = clock.sessionTime(atDeviceTime: recording.timesS.last!)
            #expect(lastTrue <= options.durationS + 1e-6 && lastTrue > options.durationS - period - 1e-6)
            // File times start at 0 or later: a device whose clock is behind starts |offset| late.
            let firstTrue = clock.sessionTime(atDeviceTime: recording.timesS[0])
            #expect(firstTrue >= -1e-6 && firstTrue < max(-clock.offsetS, 0) + period + 1e-6)
        }
    }

    @Test func insoleForceFollowsTheGroundReactionModel() throws {
        var options = Self.shortOptions()
        options.placements = [.leftInsole]
        options.insoleRateHz = 500
        let simulator = try SessionSimulator(options: options)
        let folder = Self.temporaryFolder("insole")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let truth = try simulator.write(to: folder)
        let recording = try #require(try RecordedSession.read(from: folder).recordings.first)
        let insole = simulator.insole(.left)
        let cells = try #require(recording.sensor.cells)
        // Force = Σ (p − baseline) × area, 1 kPa on 1 mm² = 1 mN (conventions.md).
        func forceN(_ i: Int) -> Double {
            zip(recording.sample(i), zip(insole.baselineKPa, cells)).reduce(0) { $0 + ($1.0 - $1.1.0) * $1.1.1.areaMm2 / 1000 }
        }
        let bodyWeightN = options.massKg * 9.81
        for stride in truth.strides where stride.section == "gait" && stride.side == .left {
            // Mid-stance: the active peak of about 2.5 body weights at 3 m/s (2.0 + 0.17·v).
            let mid = recording.timesS.firstIndex { $0 >= (stride.ic + stride.to) / 2 }!
            #expect(abs(forceN(mid) / bodyWeightN - (2.0 + 0.17 * 3.0)) < 0.1)
            // Swing: only noise (σ 0.3 kPa per cell) is left once the baseline is removed.
            let swing = recording.timesS.firstIndex { $0 >= stride.to + 0.1 }!
            #expect(abs(forceN(swing)) < 20)
            // The 20 N threshold of conventions.md is crossed within 2 ms of true contact.
            let crossing = (recording.timesS.indices.dropLast()).first { i in
                recording.timesS[i] > stride.ic - 0.02 && forceN(i) < 20 && forceN(i + 1) >= 20
            }
            let index = try #require(crossing)
            let f0 = forceN(index), f1 = forceN(index + 1)
            let crossingS = recording.timesS[index] + (20 - f0) / (f1 - f0) * (recording.timesS[index + 1] - recording.timesS[index])
            #expect(crossingS >= stride.ic - 0.002 && crossingS < stride.ic + 0.002, "crossing \(crossingS) vs IC \(stride.ic)")
        }
    }

    @Test func theSameSeedWritesTheSameBytes() throws {
        var options = Self.shortOptions()
        options.placements = [.rightShank, .rightInsole]
        let first = Self.temporaryFolder("a"), second = Self.temporaryFolder("b")
        defer {
            try? FileManager.default.removeItem(at: first.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: second.deletingLastPathComponent())
        }
        try SessionSimulator(options: options).write(to: first)
        try SessionSimulator(options: options).write(to: second)
        for file in ["session.json", "right_shank.csv", "right_insole.csv"] {
            #expect(try Data(contentsOf: first.appendingPathComponent(file)) == Data(contentsOf: second.appendingPathComponent(file)))
        }
        #expect(try Data(contentsOf: SessionSimulator.truthURL(forSession: first))
                == Data(contentsOf: SessionSimulator.truthURL(forSession: second)))
        options.seed = 2
        let third = Self.temporaryFolder("c")
        defer { try? FileManager.default.removeItem(at: third.deletingLastPathComponent()) }
        try SessionSimulator(options: options).write(to: third)
        #expect(try Data(contentsOf: first.appendingPathComponent("right_shank.csv"))
                != Data(contentsOf: third.appendingPathComponent("right_shank.csv")))
    }

    @Test func aStandingOnlySessionHasNoStrides() throws {
        var options = Self.shortOptions()
        options.activity = .stand
        options.standingS = 6
        options.placements = [.pelvis, .leftInsole]
        let folder = Self.temporaryFolder("stand")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let truth = try SessionSimulator(options: options).write(to: folder)
        #expect(truth.strides.isEmpty && truth.gaitSections.isEmpty)
        let session = try RecordedSession.read(from: folder)
        #expect(session.manifest.activity == "quiet-standing")
        #expect(session.manifest.treadmillSpeedMps == nil)
        // Half the body weight on each foot: 68 kg → 333.5 N per insole, in this model 0 N
        // (the simulator does not load a standing insole; only stances load it).
    }

    @Test func magnetometerColumnsReadTheEarthField() throws {
        var options = Self.shortOptions()
        options.magnetometer = true
        options.placements = [.pelvis]
        let folder = Self.temporaryFolder("mag")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try SessionSimulator(options: options).write(to: folder)
        let recording = try #require(try RecordedSession.read(from: folder).recordings.first)
        #expect(recording.columns.names == ["t", "ax", "ay", "az", "gx", "gy", "gz", "mx", "my", "mz"])
        // |B| = 48 µT rotated into the sensor frame, plus a hard-iron offset of up to 5 µT per axis.
        let sample = recording.sample(100)
        let field = Vector3(sample[sample.startIndex + 6], sample[sample.startIndex + 7], sample[sample.startIndex + 8])
        #expect(abs(field.norm - 48) < 9)
    }
}
