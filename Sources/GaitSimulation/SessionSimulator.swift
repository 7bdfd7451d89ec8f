import Dispatch
import Foundation
import GaitCore
import GaitSessionFiles


/// Writes a simulated session folder in the interchange format and, beside it, its truth.
///
/// Each device is simulated on its own Dispatch worker: it samples the true motion at the
/// instants its own (offset, drifting) clock ticks, passes the signals through its error model,
/// loses the samples of its dropouts, and streams its CSV to disk.
public struct SessionSimulator: Sendable {
    public let options: SimulationOptions
    public let body: BodyMotion

    public init(options: SimulationOptions) throws(SimulationOptionsError) {
        try options.validate()
        self.options = options
        body = BodyMotion(options: options)
        if body.worstReachRatio > GaitKinematics.maximumReachRatio + 0.002 {
            throw SimulationOptionsError(message: String(
                format: "A %.2f m runner cannot make this gait: a foot would be %.0f %% of a leg length from its hip. "
                    + "Raise the cadence, lower the duty factor or the speed, or make the runner taller.",
                options.heightM, 100 * body.worstReachRatio))
        }
    }

    /// `<folder>.truth.json`, beside the session folder.
    public static func truthURL(forSession folder: URL) -> URL {
        folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + ".truth.json")
    }

    // MARK: - Devices

    public func mounting(for placement: Placement) -> SensorMounting {
        SensorMounting(placement: placement, options: options, dimensions: body.dimensions,
                       contactTimesS: contactTimesS(shaking: placement))
    }

    /// The ideal motion an IMU at `placement` feels (no sensor errors).
    public func kinematics(for placement: Placement) -> ImuKinematics {
        ImuKinematics(body: body, mounting: mounting(for: placement))
    }

    public func clock(for placement: Placement) -> DeviceClock {
        if placement == options.resolvedClockReference { return .perfect }
        var random = SeededGenerator(seed: options.seed, stream: "clock-\(placement.rawValue)")
        return DeviceClock(offsetS: random.uniform(-1...1) * options.clockOffsetMaxMs / 1000,
                           driftPpm: random.uniform(-1...1) * options.clockDriftMaxPpm)
    }

    public func insole(_ side: Side) -> InsoleModel {
        InsoleModel(side: side, options: options, dimensions: body.dimensions)
    }

    /// Contacts that happen (the body has begun to blend into gait) and shake this sensor.
    private func contactTimesS(shaking placement: Placement) -> [Double] {
        let stances = body.stances.filter { body.gaitWeight(at: $0.initialContactS) > 0 }.filter { stance in
            switch placement.segment {
            case .pelvis: true
            case .thigh(let side), .shank(let side), .foot(let side): stance.side == side
            }
        }
        return stances.map(\.initialContactS)
    }

    public func rateHz(_ placement: Placement) -> Double {
        placement.sensorKind == .imu ? options.imuRateHz : options.insoleRateHz
    }

    /// The session.json this simulator writes.
    public func manifest() -> SessionManifest {
        let sensors = options.placements.sorted().map { placement -> SensorDescriptor in
            var cells: [InsoleCell]?
            if placement.sensorKind == .insole {
                cells = insole(placement == .leftInsole ? .left : .right).cells.map {
                    InsoleCell(xMm: $0.xMm, yMm: $0.yMm, areaMm2: $0.areaMm2, extra: [:])
                }
            }
            return SensorDescriptor(id: placement.rawValue, kind: placement.sensorKind, placement: placement,
                                    file: "\(placement.rawValue).csv", rateHz: rateHz(placement), cells: cells, extra: [:])
        }
        return SessionManifest(
            subject: Subject(id: options.subjectID, massKg: options.massKg, heightM: options.heightM, extra: [:]),
            activity: options.activity.rawValue,
            treadmillSpeedMps: options.activity == .stand ? nil : options.resolvedSpeedMps,
            standing: options.declareStanding ? standingInterval : nil,
            sensors: sensors)
    }

    /// The quiet standing the session declares, and the zero of the truth's measures.
    public var standingInterval: TimeSpan { TimeSpan(start: 0.5, end: options.standingS - 0.5) }

    // MARK: - Writing

    /// Writes the session folder (created if needed) and `<folder>.truth.json`; returns the truth.
    @discardableResult
    public func write(to folder: URL) throws -> SimulationTruth {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let manifest = manifest()
        try SessionManifestWriter.write(manifest, to: folder)
        let sensors = manifest.sensors
        let results = Locked<[Result<SimulationTruth.SensorTruth, any Error>?]>(Array(repeating: nil, count: sensors.count))
        DispatchQueue.concurrentPerform(iterations: sensors.count) { index in
            let sensor = sensors[index]
            let result = Result { () throws -> SimulationTruth.SensorTruth in
                let writer = try SensorFileWriter(url: folder.appendingPathComponent(sensor.file),
                                                  columns: sensor.kind == .imu ? .imu(magnetometer: options.magnetometer)
                                                      : .insole(cellCount: sensor.cells?.count ?? 0))
                defer { try? writer.close() }
                let truth = sensor.kind == .imu
                    ? try simulateImu(sensor, into: writer)
                    : try simulateInsole(sensor, into: writer)
                try writer.close()
                return truth
            }
            results.withLock { $0[index] = result }
        }
        let sensorTruths = try results.withLock { slots in try slots.map { try $0!.get() } }
        let truth = computeTruth(sensors: sensorTruths)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(truth).write(to: Self.truthURL(forSession: folder), options: .atomic)
        return truth
    }

    /// Device ticks from the first whose true time is ≥ 0 to the session's end.
    private func deviceTicks(_ clock: DeviceClock, rateHz: Double) -> (first: Int, last: Int) {
        let first = Int((max(clock.offsetS, 0) * rateHz).rounded(.up))
        let last = Int((clock.deviceTime(atSessionTime: options.durationS) * rateHz).rounded(.down))
        return (first, last)
    }

    private func dropouts(_ placement: Placement) -> Dropouts {
        Dropouts(seed: options.seed, stream: "dropouts-\(placement.rawValue)", durationS: options.durationS,
                 perMinute: options.dropoutsPerMinute, meanLengthS: options.dropoutMeanMs / 1000,
                 minimumLengthS: 1.5 / rateHz(placement))
    }

    private func simulateImu(_ sensor: SensorDescriptor, into writer: SensorFileWriter) throws -> SimulationTruth.SensorTruth {
        let placement = sensor.placement
        let mounting = mounting(for: placement)
        let kinematics = ImuKinematics(body: body, mounting: mounting)
        let clock = clock(for: placement)
        let dropouts = dropouts(placement)
        var errors = ImuErrorState(model: ImuErrorModel(placement: placement, options: options), seed: options.seed, placement: placement)
        let magnetometer = options.magnetometer ? MagnetometerModel(seed: options.seed, placement: placement) : nil
        var row = [Double](repeating: 0, count: options.magnetometer ? 9 : 6)
        var lost = LostSampleLog()
        var written = 0
        var cursor = 0
        let ticks = deviceTicks(clock, rateHz: sensor.rateHz)
        for k in ticks.first...max(ticks.first, ticks.last) {
            let deviceTimeS = Double(k) / sensor.rateHz
            let t = clock.sessionTime(atDeviceTime: deviceTimeS)
            if k > ticks.first { errors.advance(byS: 1 / sensor.rateHz) }
            let signals = kinematics.signals(at: t)
            // Measure even lost samples, so the noise a sample gets does not depend on dropouts.
            let (accelerometer, gyroscope) = errors.measure(specificForceMps2: signals.specificForceMps2,
                                                            angularVelocityRadPerS: signals.angularVelocityRadPerS)
            if dropouts.isLost(deviceTimeS, cursor: &cursor) {
                lost.record(sampleAt: t, dropout: cursor)
                continue
            }
            for axis in 0..<3 {
                row[axis] = Self.rounded(accelerometer[axis], decimals: 4)
                row[3 + axis] = Self.rounded(gyroscope[axis], decimals: 5)
            }
            if let magnetometer {
                let field = magnetometer.measure(orientation: signals.orientation)
                for axis in 0..<3 { row[6 + axis] = Self.rounded(field[axis], decimals: 2) }
            }
            try row.withUnsafeBufferPointer { try writer.append(timeS: Self.rounded(deviceTimeS, decimals: 6), values: $0) }
            written += 1
        }
        return SimulationTruth.SensorTruth(
            id: sensor.id, placement: placement, clock: clock,
            mountingRotation: [mounting.rotation.w, mounting.rotation.x, mounting.rotation.y, mounting.rotation.z],
            misalignmentDeg: mounting.misalignmentDeg, siteM: [mounting.siteM.x, mounting.siteM.y, mounting.siteM.z],
            lostIntervals: lost.intervals, samplesWritten: written, saturatedSamples: errors.saturatedSamples)
    }

    private func simulateInsole(_ sensor: SensorDescriptor, into writer: SensorFileWriter) throws -> SimulationTruth.SensorTruth {
        let side: Side = sensor.placement == .leftInsole ? .left : .right
        let model = insole(side)
        let clock = clock(for: sensor.placement)
        let dropouts = dropouts(sensor.placement)
        let stances = body.stances.filter { $0.side == side }
        var random = SeededGenerator(seed: options.seed, stream: "insole-noise-\(side.rawValue)")
        var row = [Double](repeating: 0, count: model.cells.count)
        var lost = LostSampleLog()
        var written = 0
        var cursor = 0
        var stanceIndex = 0
        let ticks = deviceTicks(clock, rateHz: sensor.rateHz)
        for k in ticks.first...max(ticks.first, ticks.last) {
            let deviceTimeS = Double(k) / sensor.rateHz
            let t = clock.sessionTime(atDeviceTime: deviceTimeS)
            while stanceIndex < stances.count && stances[stanceIndex].toeOffS <= t { stanceIndex += 1 }
            // Standing: half the body weight on each foot, centred under the arch. Gait: the
            // stance model, loaded only as far as the body has blended into gait.
            let gaitWeight = body.gaitWeight(at: t)
            var load = model.loadPressuresKPa(forceN: (1 - gaitWeight) * options.massKg * standardGravityMps2 / 2,
                                              centreMm: model.standingCentreOfPressureMm)
            if stanceIndex < stances.count, stances[stanceIndex].initialContactS < t, gaitWeight > 0 {
                let stance = stances[stanceIndex]
                let fraction = (t - stance.initialContactS) / stance.stanceS
                let forceN = InsoleModel.verticalForceN(fraction: fraction, stanceS: stance.stanceS, options: options) * gaitWeight
                let stanceLoad = model.loadPressuresKPa(forceN: forceN,
                                                        centreMm: model.centreOfPressureMm(fraction: fraction, strike: options.strike))
                load = zip(load, stanceLoad).map(+)
            }
            for cell in row.indices {
                let pressure = model.baselineKPa[cell] + load[cell] + random.gaussian(sd: InsoleModel.noiseKPa)
                let digitised = min(max(pressure, 0), InsoleModel.fullScaleKPa)
                row[cell] = Self.rounded((digitised / InsoleModel.resolutionKPa).rounded() * InsoleModel.resolutionKPa, decimals: 1)
            }
            if dropouts.isLost(deviceTimeS, cursor: &cursor) {
                lost.record(sampleAt: t, dropout: cursor)
                continue
            }
            try row.withUnsafeBufferPointer { try writer.append(timeS: Self.rounded(deviceTimeS, decimals: 6), values: $0) }
            written += 1
        }
        return SimulationTruth.SensorTruth(
            id: sensor.id, placement: sensor.placement, clock: clock, mountingRotation: nil, misalignmentDeg: nil,
            siteM: nil, lostIntervals: lost.intervals, samplesWritten: written, saturatedSamples: 0)
    }

    /// Rounds to a number of decimals, so files hold the digits the device resolves and no more.
    static func rounded(_ value: Double, decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        let result = (value * scale).rounded() / scale
        return result == 0 ? 0 : result        // no "-0.0" in files
    }

    // MARK: - Truth

    public func computeTruth(sensors: [SimulationTruth.SensorTruth]) -> SimulationTruth {
        let standing = standingInterval
        let measures = TruthMeasures(body: body, standing: standing.start...standing.end)
        let duration = options.durationS
        let blendIn = body.gaitBlendIn
        let gaitEnd = body.gaitBlendOut?.lowerBound ?? duration
        let happened = body.stances.filter { $0.initialContactS >= blendIn.lowerBound && $0.toeOffS <= duration }
        var strides: [SimulationTruth.StrideTruth] = []
        for (index, stance) in happened.enumerated() {
            let next = happened[(index + 1)...].first { $0.side == stance.side }?.initialContactS
            let measured = measures.measure(side: stance.side, initialContactS: stance.initialContactS, toeOffS: stance.toeOffS)
            let inGait = stance.initialContactS >= blendIn.upperBound && stance.toeOffS <= gaitEnd
            strides.append(SimulationTruth.StrideTruth(
                index: index, side: stance.side, section: inGait ? "gait" : "transition",
                ic: stance.initialContactS, to: stance.toeOffS, nextIc: next,
                stanceS: stance.stanceS, strideS: next.map { $0 - stance.initialContactS },
                pelvicDropDeg: measured.pelvicDropDeg, kneeValgusDeg: measured.kneeValgusDeg,
                pronationDeg: measured.pronationDeg, peakEversionDeg: measured.peakEversionDeg,
                eversionVelocityDegPerS: measured.eversionVelocityDegPerS,
                targetPelvicDropDeg: stance.pelvicDropDeg, targetKneeValgusDeg: stance.kneeValgusDeg,
                targetPeakEversionDeg: stance.peakEversionDeg))
        }
        let sections = options.activity == .stand ? [] : [SimulationTruth.GaitSection(
            activity: options.activity.rawValue, start: blendIn.upperBound, end: gaitEnd)]
        return SimulationTruth(
            options: options, standing: standing, gaitSections: sections,
            clockReference: options.resolvedClockReference?.rawValue,
            standingReference: measures.reference, sensors: sensors, strides: strides)
    }
}

/// Collects lost samples into runs (one run per dropout), on the session clock.
struct LostSampleLog {
    private(set) var intervals: [SimulationTruth.LostInterval] = []
    private var lastDropout = -1

    mutating func record(sampleAt t: Double, dropout: Int) {
        if dropout == lastDropout, var last = intervals.popLast() {
            last.end = t
            last.samples += 1
            intervals.append(last)
        } else {
            intervals.append(SimulationTruth.LostInterval(start: t, end: t, samples: 1))
            lastDropout = dropout
        }
    }
}
