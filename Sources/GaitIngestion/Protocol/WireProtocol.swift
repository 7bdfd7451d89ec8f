/// Constants of the gait sensor-node wire protocol, version 1 (`Firmware/PROTOCOL.md`).
///
/// Section numbers below are PROTOCOL.md's. Every limit is in bytes.
public enum WireProtocol {
    /// The only version this host understands (section 4, header offset 0).
    public static let version: UInt8 = 1
    /// The header: u8 version, u8 type, u32 sequence, u64 timestamp_us (section 4).
    public static let headerBytes = 14
    /// CRC-32 appended to every payload, little-endian (section 3).
    public static let crcBytes = 4
    /// Largest payload (header + body) (section 2, limits).
    public static let maxPayloadBytes = 1024
    /// Largest COBS-encoded frame without its 0x00: 1028 + floor(1028 / 254) + 1 (section 2).
    public static let maxEncodedFrameBytes = 1033
    /// The frame delimiter; it appears nowhere else in the stream (section 2).
    public static let delimiter: UInt8 = 0x00

    /// Standard gravity, m/s² (exact by definition; CGPM 1901, ISO 80000-3).
    public static let standardGravityMps2 = 9.80665
}

/// Frame types (section 6). Device frames are below 0x80, host commands have bit 7 set.
public enum FrameType: UInt8, Sendable, CaseIterable {
    case descriptor = 0x01
    case sampleBatch = 0x02
    case status = 0x03
    case timeSync = 0x04
    case start = 0x81
    case stop = 0x82
    case setPlacement = 0x83
    case timeSyncPing = 0x84
    case getDescriptor = 0x85
    case getStatus = 0x86

    public var name: String {
        switch self {
        case .descriptor: "DESCRIPTOR"
        case .sampleBatch: "SAMPLE_BATCH"
        case .status: "STATUS"
        case .timeSync: "TIME_SYNC"
        case .start: "START"
        case .stop: "STOP"
        case .setPlacement: "SET_PLACEMENT"
        case .timeSyncPing: "TIME_SYNC_PING"
        case .getDescriptor: "GET_DESCRIPTOR"
        case .getStatus: "GET_STATUS"
        }
    }
}

/// The USB identity and vendor bulk interface a node exposes (section 11).
public enum NodeUSBIdentity {
    /// pid.codes test VID:PID — a placeholder, "not for distribution" (section 11).
    public static let vendorID: UInt16 = 0x1209
    public static let productID: UInt16 = 0x0001
    /// Vendor-specific bulk interface and its endpoints.
    public static let bulkInterface: Int32 = 2
    public static let bulkOutEndpoint: UInt8 = 0x03
    public static let bulkInEndpoint: UInt8 = 0x83
}
