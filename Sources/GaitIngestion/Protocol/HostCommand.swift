/// Host-to-node commands (PROTOCOL.md section 8), encoded for the wire.
public enum HostCommand: Sendable, Equatable {
    case start
    case stop
    case setPlacement(code: UInt8)
    /// `hostTimeUs` is t1 of section 8.1: stamp it as late as possible before sending.
    case timeSyncPing(pingID: UInt32, hostTimeUs: UInt64)
    case getDescriptor
    case getStatus

    public var frameType: FrameType {
        switch self {
        case .start: .start
        case .stop: .stop
        case .setPlacement: .setPlacement
        case .timeSyncPing: .timeSyncPing
        case .getDescriptor: .getDescriptor
        case .getStatus: .getStatus
        }
    }

    /// Header and body, before the CRC.
    public func payload(sequence: UInt32, hostTimeUs: UInt64) -> [UInt8] {
        var writer = LittleEndianWriter()
        writer.u8(WireProtocol.version)
        writer.u8(frameType.rawValue)
        writer.u32(sequence)
        writer.u64(hostTimeUs)
        switch self {
        case .setPlacement(let code): writer.u8(code)
        case .timeSyncPing(let pingID, let pingTimeUs):
            writer.u32(pingID)
            writer.u64(pingTimeUs)
        case .start, .stop, .getDescriptor, .getStatus: break
        }
        return writer.bytes
    }

    /// The frame on the wire: COBS(payload ‖ CRC-32 little-endian) then 0x00 (section 2).
    public func wireBytes(sequence: UInt32, hostTimeUs: UInt64) -> [UInt8] {
        var data = payload(sequence: sequence, hostTimeUs: hostTimeUs)
        let crc = CRC32.checksum(data)
        for byteIndex in 0..<4 { data.append(UInt8(truncatingIfNeeded: crc >> (8 * byteIndex))) }
        return COBS.encode(data) + [WireProtocol.delimiter]
    }
}
