import Foundation
import GaitAnalysis
import GaitCore
import GaitSessionFiles
import GaitSimulation

/// Orientation accuracy and throughput against a published peer: the project's
/// `InclinationFilter` and VQF (Laidig & Seel 2023, doi:10.1016/j.inffus.2022.10.014; the `vqf`
/// package from PyPI, run by `scripts/vqf-orientations.py`) on the same simulated running
/// sessions — every IMU placement, the simulator's sensor errors (strap rotation, noise, bias and
/// bias drift, scale and cross-axis errors, soft-tissue wobble, impacts).
///
/// Inclination error: at each sample, the angle between the estimated and the true direction of
/// gravity in the sensor frame (q⁻¹·ẑ), so heading, which no 6D filter can know, is ignored. The
/// truth is the sensor's own pose (strap and wobble included) at the sample's true session time.
/// RMSE over the running only (from the end of the blend into gait to the end of the session).
///
/// Throughput: CPU time of the filter alone on samples already in memory, one core. Swift: the
/// same update loop as the analysis (`InclinationFilter.update` with the time steps of the file).
/// VQF: the C++ real-time `VQF` class through one `updateBatch` call per file (the Python call
/// overhead is inside the time); the acausal C++ `offlineVQF` is reported for reference.
/// The simulator writes no lost samples here: VQF assumes a constant sample period.
struct OrientationBenchmark {
    let seeds: [UInt64]
    let folder: URL
    let python: String
    let keep: Bool

    struct Accumulator {
        var squaredErrorSum = 0.0
        var count = 0
        var rmseDeg: Double { (squaredErrorSum / Double(max(count, 1))).squareRoot() }
        mutating func add(_ errorDeg: Double) {
            squaredErrorSum += errorDeg * errorDeg
            count += 1
        }
    }

    func run() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scripts/vqf-orientations.py").standardized
        var ours: [Placement: Accumulator] = [:], basic: [Placement: Accumulator] = [:], offline: [Placement: Accumulator] = [:]
        var oursCPU = 0.0, basicCPU = 0.0, offlineCPU = 0.0, samples = 0
        let placements = Placement.allCases.filter { $0.sensorKind == .imu }
        for seed in seeds {
            var options = SimulationOptions()
            options.seed = seed
            options.placements = placements
            options.imuRateHz = 500
            let simulator = try SessionSimulator(options: options)
            let session = folder.appendingPathComponent("seed-\(seed)")
            print("Simulating seed \(seed) (\(Int(options.durationS)) s, 7 IMUs at \(Int(options.imuRateHz)) Hz) …")
            let truth = try simulator.write(to: session)
            let recorded = try RecordedSession.read(from: session)
            // The peer, one process for the session's files.
            let files = recorded.recordings.map { session.appendingPathComponent($0.sensor.file).path }
            let peer = try runPython([script.path, String(options.imuRateHz), session.path] + files)
            let running = (truth.gaitSections.first?.start ?? 0)...options.durationS

            for recording in recorded.recordings {
                let placement = recording.sensor.placement
                guard let clock = truth.sensors.first(where: { $0.placement == placement })?.clock else { continue }
                let kinematics = simulator.kinematics(for: placement)
                let n = recording.timesS.count
                var estimates = [Quaternion](repeating: .identity, count: n)
                oursCPU += try cpuSecondsOf { estimates = Self.runInclinationFilter(recording) }
                samples += n
                let stem = (recording.sensor.file as NSString).deletingPathExtension
                let vqf = try Self.readQuaternions(session.appendingPathComponent("\(stem).vqf.f64"), count: n)
                let vqfOffline = try Self.readQuaternions(session.appendingPathComponent("\(stem).offline.f64"), count: n)
                basicCPU += peer[stem]?.vqfCPU ?? .nan
                offlineCPU += peer[stem]?.offlineCPU ?? .nan
                for i in 0..<n {
                    let t = clock.sessionTime(atDeviceTime: recording.timesS[i])
                    guard running.contains(t) else { continue }
                    let up = kinematics.sensorPose(at: t).orientation.inverseRotate(.unitZ)
                    ours[placement, default: Accumulator()].add(Self.inclinationErrorDeg(estimates[i], trueUp: up))
                    basic[placement, default: Accumulator()].add(Self.inclinationErrorDeg(vqf[i], trueUp: up))
                    offline[placement, default: Accumulator()].add(Self.inclinationErrorDeg(vqfOffline[i], trueUp: up))
                }
            }
            if !keep { try? FileManager.default.removeItem(at: session) }
            if !keep { try? FileManager.default.removeItem(at: SessionSimulator.truthURL(forSession: session)) }
        }

        print("")
        print("| placement | gait `InclinationFilter` RMSE | VQF (real-time, `VQF.updateBatch`) RMSE | VQF offline (acausal) RMSE |")
        print("|---|---|---|---|")
        var all = (Accumulator(), Accumulator(), Accumulator())
        for placement in placements {
            guard let a = ours[placement], let b = basic[placement], let c = offline[placement] else { continue }
            print(String(format: "| %@ | %.2f° | %.2f° | %.2f° |", placement.rawValue as NSString, a.rmseDeg, b.rmseDeg, c.rmseDeg))
            all.0.squaredErrorSum += a.squaredErrorSum; all.0.count += a.count
            all.1.squaredErrorSum += b.squaredErrorSum; all.1.count += b.count
            all.2.squaredErrorSum += c.squaredErrorSum; all.2.count += c.count
        }
        print(String(format: "| all placements | %.2f° | %.2f° | %.2f° |", all.0.rmseDeg, all.1.rmseDeg, all.2.rmseDeg))
        print(String(format: "| throughput, samples per CPU-s | %.2e | %.2e | %.2e |",
                     Double(samples) / oursCPU, Double(samples) / basicCPU, Double(samples) / offlineCPU))
        print(String(format: "\n%d samples in all; CPU: gait %.3f s, VQF %.3f s, VQF offline %.3f s", samples, oursCPU, basicCPU, offlineCPU))
    }

    /// The project's filter over one recording exactly as the analysis runs it (`ImuStage`).
    static func runInclinationFilter(_ recording: SensorRecording) -> [Quaternion] {
        var filter = InclinationFilter(sampleRateHz: recording.sensor.rateHz)
        var out: [Quaternion] = []
        out.reserveCapacity(recording.timesS.count)
        let width = recording.columns.valueCount
        recording.values.withUnsafeBufferPointer { v in
            var last: Double?
            for (i, t) in recording.timesS.enumerated() {
                let b = i * width
                filter.update(gyroscopeRadPerS: Vector3(v[b + 3], v[b + 4], v[b + 5]),
                              accelerometerMps2: Vector3(v[b], v[b + 1], v[b + 2]),
                              dtS: last.map { t - $0 } ?? 1 / recording.sensor.rateHz)
                last = t
                out.append(filter.orientation)
            }
        }
        return out
    }

    /// Angle between the estimated and the true up direction in the sensor frame, degrees.
    static func inclinationErrorDeg(_ estimate: Quaternion, trueUp: Vector3) -> Double {
        let up = estimate.normalized.inverseRotate(.unitZ)
        // atan2 of |a×b| and a·b: accurate at small angles, where acos is not.
        return Angle.degrees(fromRadians: atan2(up.cross(trueUp).norm, up.dot(trueUp)))
    }

    static func readQuaternions(_ url: URL, count: Int) throws -> [Quaternion] {
        let data = try Data(contentsOf: url)
        guard data.count == count * 32 else {
            throw BenchmarkError("\(url.lastPathComponent): \(data.count) bytes, expected \(count * 32) (\(count) quaternions)")
        }
        return data.withUnsafeBytes { raw in
            (0..<count).map { i in
                let q = (0..<4).map { raw.loadUnaligned(fromByteOffset: (4 * i + $0) * 8, as: Double.self) }
                return Quaternion(w: q[0], x: q[1], y: q[2], z: q[3])
            }
        }
    }

    /// Runs the peer script; per file stem, its CPU times.
    private func runPython(_ arguments: [String]) throws -> [String: (vqfCPU: Double, offlineCPU: Double)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("\(python) \(arguments[0]) failed (exit \(process.terminationStatus)); it needs `pip install vqf==2.1.2 numpy`")
        }
        var out: [String: (Double, Double)] = [:]
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard words.count == 7, let v = Double(words[4]), let o = Double(words[6]) else { continue }
            out[words[0]] = (v, o)
        }
        return out
    }
}
