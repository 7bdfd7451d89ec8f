/// Reads the little-endian fields of a payload in order (PROTOCOL.md section 1: no padding,
/// least significant byte first). Reading past the end sets `overran` and yields zeros, so a
/// parser reads a whole layout and checks once.
struct LittleEndianReader {
    private let bytes: [UInt8]
    private(set) var position: Int
    private(set) var overran = false

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { max(0, bytes.count - position) }

    private mutating func take<T: FixedWidthInteger>(_: T.Type) -> T {
        let size = MemoryLayout<T>.size
        guard position + size <= bytes.count else {
            overran = true
            position = bytes.count
            return 0
        }
        var value: T = 0
        for byteIndex in 0..<size {
            value |= T(truncatingIfNeeded: bytes[position + byteIndex]) << (8 * byteIndex)
        }
        position += size
        return value
    }

    mutating func u8() -> UInt8 { take(UInt8.self) }
    mutating func u16() -> UInt16 { take(UInt16.self) }
    mutating func u32() -> UInt32 { take(UInt32.self) }
    mutating func u64() -> UInt64 { take(UInt64.self) }
    mutating func i16() -> Int16 { Int16(bitPattern: take(UInt16.self)) }
}

/// Appends little-endian fields (commands the host sends).
struct LittleEndianWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u32(_ value: UInt32) { append(value) }
    mutating func u64(_ value: UInt64) { append(value) }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        for byteIndex in 0..<MemoryLayout<T>.size {
            bytes.append(UInt8(truncatingIfNeeded: value >> (8 * byteIndex)))
        }
    }
}
