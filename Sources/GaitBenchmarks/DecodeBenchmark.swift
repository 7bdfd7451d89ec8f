import Foundation
import GaitIngestion

/// Decoder throughput on the real firmware's byte stream, against a baseline pass that only
/// finds the frame delimiters in the same bytes.
struct DecodeBenchmark {
    /// A stream the virtual node wrote (`--out FILE --speed max`), decoded `repeats` times.
    var streamFile: URL
    var repeats: Int

    func run() throws {
        let stream = [UInt8](try Data(contentsOf: streamFile))
        guard !stream.isEmpty else { throw BenchmarkError("\(streamFile.path) is empty") }
        let chunkBytes = 4096  // what a serial read or a bulk transfer hands over at a time
        var delimiters = 0
        let baselineStart = Date()
        for _ in 0..<repeats {
            stream.withUnsafeBufferPointer { bytes in
                for byte in bytes where byte == 0 { delimiters += 1 }
            }
        }
        let baselineS = Date().timeIntervalSince(baselineStart)

        var samples = 0, problems = 0
        let decodeStart = Date()
        for _ in 0..<repeats {
            var decoder = DeviceStreamDecoder(deviceName: "benchmark")
            var position = 0
            while position < stream.count {
                let end = min(stream.count, position + chunkBytes)
                decoder.push(stream[position..<end]) { event in
                    switch event {
                    case .samples(let batch): samples += batch.count
                    case .problem: problems += 1
                    default: break
                    }
                }
                position = end
            }
        }
        let decodeS = Date().timeIntervalSince(decodeStart)
        let megabytes = Double(stream.count * repeats) / 1e6
        print(String(format: "stream %@: %d bytes × %d, %d delimiters, %d samples, %d problems", streamFile.lastPathComponent,
                     stream.count, repeats, delimiters, samples, problems))
        print(String(format: "baseline (find 0x00): %.3f s, %.0f MB/s", baselineS, megabytes / baselineS))
        print(String(format: "decoder (frames, CRC, SI samples): %.3f s, %.1f MB/s, %.2g samples/s", decodeS, megabytes / decodeS,
                     Double(samples) / decodeS))
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
