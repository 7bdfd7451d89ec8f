import Foundation

/// One analog channel of a C3D file: a label (Visual3D and Mokka show it), a description, a unit
/// and one value per frame.
public struct C3DAnalogChannel: Sendable {
    public var label: String
    public var description: String
    public var unit: String
    /// One value per frame; NaN where there is no data.
    public var values: [Float]

    public init(label: String, description: String, unit: String, values: [Float]) {
        self.label = label
        self.description = description
        self.unit = unit
        self.values = values
    }
}

/// One event of the C3D EVENT group: label (`Foot Strike`, `Foot Off`), context (`Left`,
/// `Right`), time in seconds from the first frame.
public struct C3DEvent: Sendable, Equatable {
    public var label: String
    public var context: String
    public var timeS: Double
    public var description: String

    public init(label: String, context: String, timeS: Double, description: String) {
        self.label = label
        self.context = context
        self.timeS = timeS
        self.description = description
    }
}

/// Writes a C3D file (C3D User Guide, c3d.org) of analog channels and events, no 3D points:
/// Intel byte order and floating-point samples, 512-byte blocks — the header in block 1, the
/// parameters from block 2, the data after them. One analog sample per channel and frame
/// (ANALOG:RATE = POINT:RATE), scale 1 and offset 0, so a sample's value is the float stored.
/// The first frame is frame 1 at time 0.
public struct C3DWriter {
    public var frameRateHz: Double
    public var channels: [C3DAnalogChannel]
    public var events: [C3DEvent]
    /// Free text for TRIAL/MANUFACTURER: what made the file.
    public var software: String

    /// C3D's header counts frames in 16 bits.
    public static let maximumFrames = 65_535
    /// A C3D parameter's dimension is one byte: at most 255 events.
    public static let maximumEvents = 255
    static let blockBytes = 512

    public init(frameRateHz: Double, channels: [C3DAnalogChannel], events: [C3DEvent], software: String) {
        self.frameRateHz = frameRateHz
        self.channels = channels
        self.events = events
        self.software = software
    }

    public var frameCount: Int { channels.first?.values.count ?? 0 }

    /// The whole file.
    /// - Throws: `C3DError` when the content exceeds what C3D can hold (frames, events, channels).
    public func bytes() throws -> [UInt8] {
        let frames = frameCount
        guard !channels.isEmpty, channels.allSatisfy({ $0.values.count == frames }), frames > 0 else {
            throw C3DError("a C3D file needs at least one channel and one frame, every channel with the same number of frames")
        }
        guard frames <= Self.maximumFrames else {
            throw C3DError("\(frames) frames, more than C3D's \(Self.maximumFrames)")
        }
        guard events.count <= Self.maximumEvents else {
            throw C3DError("\(events.count) events, more than a C3D EVENT parameter can hold (\(Self.maximumEvents))")
        }
        guard channels.count <= 255 else { throw C3DError("\(channels.count) channels, more than C3D's 255") }

        // The parameter section's size fixes where the data starts, which POINT:DATA_START
        // states: measure it with a placeholder, then write it for real.
        var parameterBlocks = 1
        var parameterBytes: [UInt8] = []
        for _ in 0..<3 {
            let dataStart = 2 + parameterBlocks
            let records = try parameters(dataStartBlock: dataStart, frames: frames).records()
            let needed = (4 + records.count + Self.blockBytes - 1) / Self.blockBytes
            parameterBytes = [1, 0x50, UInt8(needed), 84] + records   // 84: Intel processor
            if needed == parameterBlocks { break }
            parameterBlocks = needed
        }
        guard parameterBlocks <= 255 else { throw C3DError("the parameter section would need \(parameterBlocks) blocks, more than 255") }
        parameterBytes += Array(repeating: 0, count: parameterBlocks * Self.blockBytes - parameterBytes.count)

        var file = header(frames: frames, dataStartBlock: 2 + parameterBlocks)
        file += parameterBytes
        file.reserveCapacity(file.count + frames * channels.count * 4 + Self.blockBytes)
        for frame in 0..<frames {
            for channel in channels { file += C3DBytes.float(channel.values[frame]) }
        }
        let remainder = file.count % Self.blockBytes
        if remainder != 0 { file += Array(repeating: 0, count: Self.blockBytes - remainder) }
        return file
    }

    /// Block 1: 256 16-bit words (C3D User Guide, "The header section").
    private func header(frames: Int, dataStartBlock: Int) -> [UInt8] {
        var words = [UInt8](repeating: 0, count: Self.blockBytes)
        func put(word: Int, _ bytes: [UInt8]) { for (i, b) in bytes.enumerated() { words[2 * (word - 1) + i] = b } }
        words[0] = 2                                  // first parameter block
        words[1] = 0x50                               // C3D key
        put(word: 2, C3DBytes.int16(0))               // 3D points
        put(word: 3, C3DBytes.int16(channels.count))  // analog samples per 3D frame (channels × 1)
        put(word: 4, C3DBytes.int16(1))               // first frame
        put(word: 5, C3DBytes.int16(frames))          // last frame (unsigned 16 bits)
        put(word: 6, C3DBytes.int16(0))               // maximum interpolation gap
        put(word: 7, C3DBytes.float(-1))              // scale < 0: samples are floats
        put(word: 9, C3DBytes.int16(dataStartBlock))
        put(word: 10, C3DBytes.int16(1))              // analog samples per frame and channel
        put(word: 11, C3DBytes.float(Float(frameRateHz)))
        put(word: 150, C3DBytes.int16(12345))         // 4-character event labels supported (none here:
        put(word: 151, C3DBytes.int16(0))             // the events are in the EVENT group)
        return words
    }

    private func parameters(dataStartBlock: Int, frames: Int) -> C3DParameterSection {
        var p = C3DParameterSection()
        p.groups = [
            .init(name: "POINT", description: "3D point parameters"),
            .init(name: "ANALOG", description: "Analog data parameters"),
            .init(name: "TRIAL", description: "Trial parameters"),
            .init(name: "EVENT", description: "Event parameters"),
            .init(name: "MANUFACTURER", description: "Manufacturer information"),
        ]
        let rate = Float(frameRateHz)
        // C3D stores the frame count in a signed 16-bit parameter; counts above 32767 are kept as
        // their unsigned bit pattern (the usual practice; the header's word 5 is authoritative).
        let framesWord = Int16(truncatingIfNeeded: frames)
        p.add("POINT", "USED", .int16(0), "Number of 3D points")
        p.add("POINT", "SCALE", .float(-1), "Negative: floating-point data")
        p.add("POINT", "RATE", .float(rate), "Frame rate, Hz")
        p.add("POINT", "DATA_START", .int16(Int16(dataStartBlock)), "First block of the data")
        p.add("POINT", "FRAMES", .int16(framesWord), "Number of frames")
        p.add("POINT", "UNITS", .string("mm"), "Units of 3D points (none here)")

        let n = channels.count
        p.add("ANALOG", "USED", .int16(Int16(n)), "Number of analog channels")
        p.add("ANALOG", "LABELS", .strings(channels.map(\.label)), "Channel labels")
        p.add("ANALOG", "DESCRIPTIONS", .strings(channels.map { String($0.description.utf8.prefix(255))! }), "Channel descriptions")
        p.add("ANALOG", "UNITS", .strings(channels.map(\.unit)), "Channel units")
        p.add("ANALOG", "SCALE", .float(Array(repeating: 1, count: n), dimensions: [n]), "Per-channel scale (1: the stored float)")
        p.add("ANALOG", "OFFSET", .int16(Array(repeating: 0, count: n), dimensions: [n]), "Per-channel offset")
        p.add("ANALOG", "GEN_SCALE", .float(1), "General scale")
        p.add("ANALOG", "RATE", .float(rate), "Analog rate, Hz")
        p.add("ANALOG", "FORMAT", .string("SIGNED"), "")
        p.add("ANALOG", "BITS", .int16(16), "")

        p.add("TRIAL", "ACTUAL_START_FIELD", .int16([1, 0], dimensions: [2]), "First frame (low word, high word)")
        p.add("TRIAL", "ACTUAL_END_FIELD", .int16([Int16(truncatingIfNeeded: frames & 0xFFFF), Int16(frames >> 16)], dimensions: [2]),
              "Last frame (low word, high word)")
        p.add("TRIAL", "CAMERA_RATE", .float(rate), "Frame rate, Hz")

        let m = events.count
        p.add("EVENT", "USED", .int16(Int16(m)), "Number of events")
        if m > 0 {
            p.add("EVENT", "CONTEXTS", .strings(events.map(\.context)), "Left or Right")
            p.add("EVENT", "LABELS", .strings(events.map(\.label)), "Foot Strike or Foot Off")
            p.add("EVENT", "DESCRIPTIONS", .strings(events.map(\.description)), "")
            p.add("EVENT", "SUBJECTS", .strings(Array(repeating: "", count: m)), "")
            // Each time as (minutes, seconds), the C3D convention; minutes always 0 here, so the
            // seconds keep a float's precision.
            p.add("EVENT", "TIMES", .float(events.flatMap { [0, Float($0.timeS)] }, dimensions: [2, m]), "Minutes, seconds from the first frame")
            p.add("EVENT", "ICON_IDS", .int16(events.map { $0.label == "Foot Strike" ? 1 : 2 }, dimensions: [m]), "")
            p.add("EVENT", "GENERIC_FLAGS", .int16(Array(repeating: 0, count: m), dimensions: [m]), "")
        }
        p.add("MANUFACTURER", "COMPANY", .string("gait"), "")
        p.add("MANUFACTURER", "SOFTWARE", .string(software), "")
        return p
    }
}
