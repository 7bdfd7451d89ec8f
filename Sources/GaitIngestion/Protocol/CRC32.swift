/// CRC-32/ISO-HDLC (the CRC of Ethernet, zlib and PNG), as PROTOCOL.md section 3 specifies:
/// polynomial 0x04C11DB7 reflected (0xEDB88320), initial value and final XOR 0xFFFFFFFF.
/// Check value: the CRC of ASCII "123456789" is 0xCBF43926 (Greg Cook's CRC catalogue, "CRC-32/ISO-HDLC").
public enum CRC32 {
    /// Byte-at-a-time table of the reflected polynomial (Sarwate 1988, CACM 31(8)).
    static let table: [UInt32] = (0..<256).map { byte in
        var register = UInt32(byte)
        for _ in 0..<8 {
            register = register & 1 == 1 ? (register >> 1) ^ 0xEDB8_8320 : register >> 1
        }
        return register
    }

    /// The CRC of `bytes`.
    public static func checksum<Bytes: Collection>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var register: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            for byte in bytes {
                register = (register >> 8) ^ table[Int((register ^ UInt32(byte)) & 0xFF)]
            }
        }
        return register ^ 0xFFFF_FFFF
    }
}
