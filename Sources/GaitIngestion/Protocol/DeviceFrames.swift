import GaitCore

/// The 14-byte header of every payload (PROTOCOL.md section 4).
public struct FrameHeader: Sendable, Equatable {
    public var version: UInt8
    /// The frame type byte; `FrameType(rawValue:)` is nil for a type this host does not know.
    public var type: UInt8
    /// Frame counter of its direction, wraps at 2^32 (section 5).
    public var sequence: UInt32
    /// Device clock when the frame was built, µs (section 4.1).
    public var timestampUs: UInt64

    init(payload: [UInt8]) {
        var reader = LittleEndianReader(payload)
        version = reader.u8()
        type = reader.u8()
        sequence = reader.u32()
        timestampUs = reader.u64()
    }
}

/// An exact rational scale: one count is `numerator / denominator` of a unit (section 7.1).
public struct ScaleFraction: Sendable, Equatable {
    public var numerator: UInt32
    public var denominator: UInt32
    public var value: Double { Double(numerator) / Double(denominator) }
}

/// What kind of node a DESCRIPTOR describes (section 7.1).
public enum NodeKind: UInt8, Sendable {
    case imu = 1
    case insole = 2

    public var name: String { self == .imu ? "IMU" : "insole" }
}

/// One insole cell, in the insole frame of conventions.md.
public struct InsoleCellGeometry: Sendable, Equatable {
    public var xMm: Double
    public var yMm: Double
    public var areaMm2: Double
}

/// DESCRIPTOR (0x01): what the node is and how its counts become SI units (section 7.1).
public struct NodeDescriptor: Sendable, Equatable {
    public var deviceID: UInt64
    public var firmwareVersion: (major: UInt8, minor: UInt8, patch: UInt8)
    public var kind: NodeKind
    /// nil when the node's placement is not set (code 0).
    public var placement: Placement?
    public var channelCount: Int
    public var nominalRateMilliHz: UInt32
    public var countMin: Int16
    public var countMax: Int16
    /// IMU only.
    public var accelFullScaleMg: UInt32 = 0
    public var accelScaleG: ScaleFraction?
    public var gyroFullScaleMdps: UInt32 = 0
    public var gyroScaleDps: ScaleFraction?
    /// Insole only.
    public var pressureScaleKPa: ScaleFraction?
    public var cells: [InsoleCellGeometry] = []

    public var nominalRateHz: Double { Double(nominalRateMilliHz) / 1000 }
    public var firmwareVersionText: String { "\(firmwareVersion.major).\(firmwareVersion.minor).\(firmwareVersion.patch)" }
    /// The device id as USB iSerialNumber spells it: 16 upper-case hex digits (section 11).
    public var deviceIDText: String { hex(deviceID) }

    /// SI value of one count on each channel (section 7.1.1): m/s² for ax, ay, az
    /// (× 9.80665), rad/s for gx, gy, gz (× π/180), kPa for insole cells.
    public var siPerCount: [Double] {
        switch kind {
        case .imu:
            let accel = (accelScaleG?.value ?? 0) * WireProtocol.standardGravityMps2
            let gyro = (gyroScaleDps?.value ?? 0) * Double.pi / 180
            return [accel, accel, accel, gyro, gyro, gyro]
        case .insole:
            return Array(repeating: pressureScaleKPa?.value ?? 0, count: channelCount)
        }
    }

    public static func == (a: NodeDescriptor, b: NodeDescriptor) -> Bool {
        a.deviceID == b.deviceID && a.firmwareVersion == b.firmwareVersion && a.kind == b.kind && a.placement == b.placement
            && a.channelCount == b.channelCount && a.nominalRateMilliHz == b.nominalRateMilliHz && a.countMin == b.countMin
            && a.countMax == b.countMax && a.accelFullScaleMg == b.accelFullScaleMg && a.accelScaleG == b.accelScaleG
            && a.gyroFullScaleMdps == b.gyroFullScaleMdps && a.gyroScaleDps == b.gyroScaleDps
            && a.pressureScaleKPa == b.pressureScaleKPa && a.cells == b.cells
    }
}

/// SAMPLE_BATCH (0x02) as raw counts with each sample's device time resolved (section 7.2).
public struct RawSampleBatch: Sendable, Equatable {
    public var firstSampleIndex: UInt32
    /// Device clock of each sample, µs: first_timestamp_us + the sum of the deltas so far.
    public var deviceTimesUs: [UInt64]
    public var channelCount: Int
    /// Row-major: sample k's channel j is `counts[k * channelCount + j]`.
    public var counts: [Int16]
}

/// STATUS (0x03) (section 7.3). Counters count from boot and wrap at 2^32.
public struct NodeStatus: Sendable, Equatable {
    public var uptimeMs: UInt32
    public var batteryMv: UInt16
    /// 0.01 °C; 32767 means none.
    public var sensorTemperatureCdeg: Int16
    public var flags: UInt8
    public var lastCommandType: UInt8
    public var lastCommandResult: UInt8
    public var lastCommandSequence: UInt32
    public var samplesAcquired: UInt32
    public var samplesDropped: UInt32
    public var samplesLostAtSensor: UInt32
    public var samplesSaturated: UInt32
    public var rxFramesAccepted: UInt32
    public var rxFramesRejected: UInt32

    public var isStreaming: Bool { flags & 0x01 != 0 }
    public var hasSensorFault: Bool { flags & 0x02 != 0 }
    public var isPlacementSet: Bool { flags & 0x04 != 0 }
}

/// TIME_SYNC (0x04): one NTP-style exchange, all four timestamps in µs (section 8.1).
public struct TimeSyncReply: Sendable, Equatable {
    public var pingID: UInt32
    /// t1: host clock when the ping was sent (copied back by the node).
    public var hostSendUs: UInt64
    /// t2: device clock when the node received the ping.
    public var deviceReceiveUs: UInt64
    /// t3: device clock when the reply was built (the header's timestamp).
    public var deviceSendUs: UInt64
}

/// Why a frame that passed its CRC still could not be read.
public struct MalformedBody: Error, Sendable, Equatable {
    public var reason: String
}

/// Body parsers: each checks the exact length version 1 gives its type (section 6).
enum DeviceFrameParser {
    static let descriptorCommonBytes = 22
    static let descriptorImuBytes = 24
    static let descriptorInsoleBytes = 8
    static let descriptorCellBytes = 8
    static let statusBytes = 39
    static let timeSyncBytes = 20
    static let sampleBatchHeadBytes = 14

    static func descriptor(_ frame: FrameDeframer.Frame) throws(MalformedBody) -> NodeDescriptor {
        let bodyBytes = frame.payload.count - WireProtocol.headerBytes
        var reader = LittleEndianReader(frame.payload, at: WireProtocol.headerBytes)
        let deviceID = reader.u64()
        let version = (reader.u8(), reader.u8(), reader.u8())
        let kindCode = reader.u8(), placementCode = reader.u8(), channelCount = Int(reader.u8())
        let rate = reader.u32(), countMin = reader.i16(), countMax = reader.i16()
        if reader.overran { throw MalformedBody(reason: "DESCRIPTOR body of \(bodyBytes) bytes, shorter than its common part (\(descriptorCommonBytes))") }
        guard let kind = NodeKind(rawValue: kindCode) else { throw MalformedBody(reason: "DESCRIPTOR of unknown kind \(kindCode) (1 = IMU, 2 = insole)") }
        var placement: Placement?
        if placementCode != 0 {
            guard let known = PlacementCode.placement(placementCode) else { throw MalformedBody(reason: "DESCRIPTOR with unknown placement code \(placementCode)") }
            placement = known
        }
        var descriptor = NodeDescriptor(deviceID: deviceID, firmwareVersion: version, kind: kind, placement: placement,
                                        channelCount: channelCount, nominalRateMilliHz: rate, countMin: countMin, countMax: countMax)
        switch kind {
        case .imu:
            let expected = descriptorCommonBytes + descriptorImuBytes
            guard channelCount == 6, bodyBytes == expected else {
                throw MalformedBody(reason: "IMU DESCRIPTOR with \(channelCount) channels and a \(bodyBytes)-byte body (expected 6 and \(expected))")
            }
            descriptor.accelFullScaleMg = reader.u32()
            descriptor.accelScaleG = ScaleFraction(numerator: reader.u32(), denominator: reader.u32())
            descriptor.gyroFullScaleMdps = reader.u32()
            descriptor.gyroScaleDps = ScaleFraction(numerator: reader.u32(), denominator: reader.u32())
            if descriptor.accelScaleG?.denominator == 0 || descriptor.gyroScaleDps?.denominator == 0 {
                throw MalformedBody(reason: "DESCRIPTOR scale with a zero denominator")
            }
        case .insole:
            let expected = descriptorCommonBytes + descriptorInsoleBytes + channelCount * descriptorCellBytes
            guard (1...64).contains(channelCount), bodyBytes == expected else {
                throw MalformedBody(reason: "insole DESCRIPTOR with \(channelCount) cells and a \(bodyBytes)-byte body (expected 1–64 cells and \(expected) bytes)")
            }
            descriptor.pressureScaleKPa = ScaleFraction(numerator: reader.u32(), denominator: reader.u32())
            if descriptor.pressureScaleKPa?.denominator == 0 { throw MalformedBody(reason: "DESCRIPTOR scale with a zero denominator") }
            for _ in 0..<channelCount {
                // 0.1 mm and 0.01 mm² on the wire (section 7.1, insole part).
                let x = reader.i16(), y = reader.i16(), area = reader.u32()
                descriptor.cells.append(InsoleCellGeometry(xMm: Double(x) / 10, yMm: Double(y) / 10, areaMm2: Double(area) / 100))
            }
        }
        return descriptor
    }

    static func sampleBatch(_ frame: FrameDeframer.Frame) throws(MalformedBody) -> RawSampleBatch {
        let bodyBytes = frame.payload.count - WireProtocol.headerBytes
        var reader = LittleEndianReader(frame.payload, at: WireProtocol.headerBytes)
        let firstIndex = reader.u32(), firstTimeUs = reader.u64()
        let sampleCount = Int(reader.u8()), channelCount = Int(reader.u8())
        if reader.overran { throw MalformedBody(reason: "SAMPLE_BATCH body of \(bodyBytes) bytes, shorter than its head (\(sampleBatchHeadBytes))") }
        let expected = sampleBatchHeadBytes + sampleCount * (2 + 2 * channelCount)
        guard sampleCount > 0, (1...64).contains(channelCount), bodyBytes == expected else {
            throw MalformedBody(reason: "SAMPLE_BATCH of \(sampleCount) samples × \(channelCount) channels in a \(bodyBytes)-byte body (expected \(expected))")
        }
        var batch = RawSampleBatch(firstSampleIndex: firstIndex, deviceTimesUs: [], channelCount: channelCount, counts: [])
        batch.deviceTimesUs.reserveCapacity(sampleCount)
        batch.counts.reserveCapacity(sampleCount * channelCount)
        var timeUs = firstTimeUs
        for sample in 0..<sampleCount {
            let deltaUs = reader.u16()
            if sample == 0 && deltaUs != 0 { throw MalformedBody(reason: "SAMPLE_BATCH whose first delta is \(deltaUs) µs (must be 0)") }
            timeUs &+= UInt64(deltaUs)
            batch.deviceTimesUs.append(timeUs)
            for _ in 0..<channelCount { batch.counts.append(reader.i16()) }
        }
        return batch
    }

    static func status(_ frame: FrameDeframer.Frame) throws(MalformedBody) -> NodeStatus {
        let bodyBytes = frame.payload.count - WireProtocol.headerBytes
        guard bodyBytes == statusBytes else { throw MalformedBody(reason: "STATUS body of \(bodyBytes) bytes (expected \(statusBytes))") }
        var reader = LittleEndianReader(frame.payload, at: WireProtocol.headerBytes)
        return NodeStatus(uptimeMs: reader.u32(), batteryMv: reader.u16(), sensorTemperatureCdeg: reader.i16(), flags: reader.u8(),
                          lastCommandType: reader.u8(), lastCommandResult: reader.u8(), lastCommandSequence: reader.u32(),
                          samplesAcquired: reader.u32(), samplesDropped: reader.u32(), samplesLostAtSensor: reader.u32(),
                          samplesSaturated: reader.u32(), rxFramesAccepted: reader.u32(), rxFramesRejected: reader.u32())
    }

    static func timeSync(_ frame: FrameDeframer.Frame) throws(MalformedBody) -> TimeSyncReply {
        let bodyBytes = frame.payload.count - WireProtocol.headerBytes
        guard bodyBytes == timeSyncBytes else { throw MalformedBody(reason: "TIME_SYNC body of \(bodyBytes) bytes (expected \(timeSyncBytes))") }
        var reader = LittleEndianReader(frame.payload, at: WireProtocol.headerBytes)
        return TimeSyncReply(pingID: reader.u32(), hostSendUs: reader.u64(), deviceReceiveUs: reader.u64(),
                             deviceSendUs: frame.header.timestampUs)
    }
}

/// Placement codes of the DESCRIPTOR and SET_PLACEMENT (section 7.1 table; 0 = not set).
public enum PlacementCode {
    static let order: [Placement] = [.pelvis, .leftThigh, .rightThigh, .leftShank, .rightShank, .leftFoot, .rightFoot,
                                     .leftInsole, .rightInsole]

    public static func placement(_ code: UInt8) -> Placement? {
        (1...order.count).contains(Int(code)) ? order[Int(code) - 1] : nil
    }

    public static func code(_ placement: Placement) -> UInt8 {
        UInt8(order.firstIndex(of: placement)! + 1)
    }
}
