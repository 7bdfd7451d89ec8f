/// Consistent Overhead Byte Stuffing (Cheshire and Baker, IEEE/ACM Transactions on Networking
/// 7(2), 1999) exactly as PROTOCOL.md section 2 uses it: canonical, no 0x00 in the output.
public enum COBS {
    /// Why an encoded frame is not valid COBS.
    public enum DecodeError: Error, Equatable, Sendable {
        /// A code byte at this offset (within the encoded frame) points past its end.
        case codePastEnd(offset: Int)
        /// A 0x00 at this offset, where COBS never puts one.
        case zeroInside(offset: Int)
    }

    /// Encodes `data`: one code byte per block of up to 254 non-zero bytes (no delimiter added).
    public static func encode(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [0]
        output.reserveCapacity(data.count + data.count / 254 + 2)
        var codeIndex = 0
        var code: UInt8 = 1
        // A full 254-byte block opens the next block only if more data follows: canonical form.
        var fullBlockPending = false
        for byte in data {
            if fullBlockPending {
                codeIndex = output.count
                output.append(0)
                code = 1
                fullBlockPending = false
            }
            if byte == 0 {
                output[codeIndex] = code
                codeIndex = output.count
                output.append(0)
                code = 1
            } else {
                output.append(byte)
                code += 1
                if code == 0xFF {
                    output[codeIndex] = code
                    fullBlockPending = true
                }
            }
        }
        if !fullBlockPending { output[codeIndex] = code }
        return output
    }

    /// Decodes one frame (without its 0x00 delimiter) into `output`, replacing its contents.
    public static func decode(_ encoded: ArraySlice<UInt8>, into output: inout [UInt8]) throws(DecodeError) {
        output.removeAll(keepingCapacity: true)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let code = Int(encoded[index])
            if code == 0 { throw .zeroInside(offset: index - encoded.startIndex) }
            let blockEnd = index + code
            if blockEnd > encoded.endIndex { throw .codePastEnd(offset: index - encoded.startIndex) }
            let block = encoded[(index + 1)..<blockEnd]
            if let zero = block.firstIndex(of: 0) { throw .zeroInside(offset: zero - encoded.startIndex) }
            output.append(contentsOf: block)
            // A block shorter than 255 stands for its data and one zero, except the frame's last.
            if code < 0xFF && blockEnd < encoded.endIndex { output.append(0) }
            index = blockEnd
        }
    }
}
