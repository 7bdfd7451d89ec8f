import FuzzSupport
import GaitIngestion

/// One libFuzzer input: a control byte, then a sensor node's byte stream (PROTOCOL.md frames).
///
/// The control byte sets the chunk size the stream is pushed in (1 to 128 bytes, or all at once
/// for 0), as a serial port or USB transfer would split it. Every event must be a value or a
/// counted `.problem`; a crash, trap or hang is a finding, and the decoder's counts must add up.
@main
enum FuzzWireFrame {
    static func main() { runFuzzer(testOneInput) }
}

// Exported under libFuzzer's conventional name too: its runtime archive refers to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let chunk = Int(data[0] & 0x7F)
    let stream = UnsafeBufferPointer(start: data + 1, count: size - 1)
    var decoder = DeviceStreamDecoder(deviceName: "fuzz")
    var samples = 0
    let count: (DeviceStreamDecoder.Event) -> Void = { event in
        if case .samples(let batch) = event {
            precondition(batch.valuesSI.count == batch.count * batch.channelCount, "sample batch shape")
            samples += batch.count
        }
    }
    if chunk == 0 {
        decoder.push(stream, emit: count)
    } else {
        var start = 0
        while start < stream.count {
            let end = min(start + chunk, stream.count)
            decoder.push(UnsafeBufferPointer(rebasing: stream[start..<end]), emit: count)
            start = end
        }
    }
    _ = decoder.finish()
    precondition(decoder.counts.bytes == Int64(stream.count), "every byte counted")
    precondition(decoder.counts.samplesDecoded == samples, "samples counted")
    return 0
}
