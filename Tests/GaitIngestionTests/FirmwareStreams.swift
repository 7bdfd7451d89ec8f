import Foundation
import GaitSessionFiles
@testable import GaitIngestion

/// The real firmware's byte streams (Firmware/build/virtual-node) and the session files they replay.
enum FirmwareStreams {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let firmware = repository.appendingPathComponent("Firmware")
    static let fixtures = repository.appendingPathComponent("Fixtures")

    /// The virtual node, built with `make -C Firmware virtual-node` if it is missing.
    static func virtualNode() throws -> URL {
        let binary = firmware.appendingPathComponent("build/virtual-node")
        if !FileManager.default.isExecutableFile(atPath: binary.path) {
            let make = Process()
            make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            make.arguments = ["make", "-C", firmware.path, "virtual-node"]
            make.standardOutput = FileHandle.nullDevice
            try make.run()
            make.waitUntilExit()
        }
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw TestFailure("Firmware/build/virtual-node is missing and `make -C Firmware virtual-node` did not build it")
        }
        return binary
    }

    /// The whole stream the virtual node writes for one sensor, as fast as it can.
    static func stream(session: String, sensor: String, extraArguments: [String] = []) throws -> [UInt8] {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gait-ingest-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = try virtualNode()
        process.arguments = ["--session", fixtures.appendingPathComponent(session).path, "--sensor", sensor,
                             "--out", output.path, "--speed", "max", "--quiet"] + extraArguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("virtual-node exited with \(process.terminationStatus)") }
        return [UInt8](try Data(contentsOf: output))
    }

    /// The sensor's samples as its session CSV has them.
    static func sessionSamples(session: String, sensor: String) throws -> (timesS: [Double], values: [Double], channels: Int) {
        let folder = try SessionFolder.open(fixtures.appendingPathComponent(session))
        guard let descriptor = folder.manifest.sensors.first(where: { $0.id == sensor }) else {
            throw TestFailure("no sensor \(sensor) in \(session)")
        }
        var reader = try folder.reader(for: descriptor, blockSize: 65_536)
        var times: [Double] = [], values: [Double] = []
        var channels = 0
        while let block = try reader.nextBlock() {
            times += block.timesS
            values += block.values
            channels = block.valueCount
        }
        return (times, values, channels)
    }
}

/// Everything a decoder produced from one stream.
struct DecodedStream {
    var descriptors: [NodeDescriptor] = []
    var samples: [DeviceStreamDecoder.Samples] = []
    var statuses: [NodeStatus] = []
    var problems: [StreamProblem] = []
    var counts = DeviceStreamDecoder.Counts()

    var deviceTimesUs: [UInt64] { samples.flatMap(\.deviceTimesUs) }
    var values: [Double] { samples.flatMap(\.valuesSI) }
    var indices: [UInt32] { samples.flatMap { batch in (0..<batch.count).map { batch.firstSampleIndex &+ UInt32($0) } } }

    /// Decodes `bytes` fed in chunks whose sizes `nextChunk` picks.
    static func decode(_ bytes: [UInt8], device: String = "test", nextChunk: () -> Int) -> DecodedStream {
        var decoder = DeviceStreamDecoder(deviceName: device)
        var result = DecodedStream()
        var position = 0
        while position < bytes.count {
            let end = min(bytes.count, position + max(1, nextChunk()))
            decoder.push(bytes[position..<end]) { result.collect($0) }
            position = end
        }
        if let last = decoder.finish() { result.collect(last) }
        result.counts = decoder.counts
        return result
    }

    mutating func collect(_ event: DeviceStreamDecoder.Event) {
        switch event {
        case .descriptor(let descriptor): descriptors.append(descriptor)
        case .samples(let batch): samples.append(batch)
        case .status(let status): statuses.append(status)
        case .timeSync: break
        case .problem(let problem): problems.append(problem)
        }
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small seeded generator, so every test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Splits a stream at its 0x00 delimiters: each element is one frame including its 0x00.
func splitFrames(_ bytes: [UInt8]) -> [[UInt8]] {
    var frames: [[UInt8]] = []
    var current: [UInt8] = []
    for byte in bytes {
        current.append(byte)
        if byte == 0 {
            if current.count > 1 { frames.append(current) }
            current = []
        }
    }
    return frames
}

/// A device frame on the wire, built from a payload (for hand-made streams).
func wireFrame(_ payload: [UInt8]) -> [UInt8] {
    var data = payload
    let crc = CRC32.checksum(payload)
    for index in 0..<4 { data.append(UInt8(truncatingIfNeeded: crc >> (8 * index))) }
    return COBS.encode(data) + [0]
}
