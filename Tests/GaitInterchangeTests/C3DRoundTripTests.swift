import Foundation
import GaitAnalysis
import GaitCore
import GaitInterchange
import GaitSimulation
import XCTest

/// C3D files written by `C3DWriter`, read back by ezc3d: every sample and every event compared.
final class C3DRoundTripTests: XCTestCase {
    func testHandMadeChannelsAndEventsReadByEzc3d() throws {
        // Given values a float holds exactly, or rounds once: signs, tiny, large, NaN.
        let a: [Float] = [0, -1.5, 1e-7, 12345.678, .nan, 3.25, -0.001]
        let b: [Float] = [1, 2, 3, 4, 5, 6, .nan]
        let events = [
            C3DEvent(label: "Foot Strike", context: "Left", timeS: 0.013, description: "initial contact"),
            C3DEvent(label: "Foot Off", context: "Right", timeS: 0.0301, description: "toe-off"),
            C3DEvent(label: "Foot Strike", context: "Right", timeS: 0.04, description: "initial contact"),
        ]
        let writer = C3DWriter(frameRateHz: 150,
                               channels: [C3DAnalogChannel(label: "LKneeAbduction", description: "left knee", unit: "deg", values: a),
                                          C3DAnalogChannel(label: "RFootEversion", description: "right foot eversion", unit: "deg", values: b)],
                               events: events, software: "gait tests")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gait-c3d-\(UUID().uuidString).c3d")
        defer { try? FileManager.default.removeItem(at: url) }
        let bytes = try writer.bytes()
        XCTAssertEqual(bytes.count % 512, 0, "C3D files are whole 512-byte blocks")
        try Data(bytes).write(to: url)

        // When ezc3d reads it
        let read = try Ezc3dReading.read(url)

        // Then every number is the one written
        XCTAssertEqual(read.frameRateHz, 150)
        XCTAssertEqual(read.pointRateHz, 150)
        XCTAssertEqual(read.frames, 7)
        XCTAssertEqual(read.labels, ["LKneeAbduction", "RFootEversion"])
        XCTAssertEqual(read.units, ["deg", "deg"])
        XCTAssertEqual(read.descriptions, ["left knee", "right foot eversion"])
        for (channel, written) in [a, b].enumerated() {
            for (frame, value) in written.enumerated() {
                XCTAssertEqual(Float(read.values[channel][frame]).bitPattern, value.bitPattern, "channel \(channel) frame \(frame)")
            }
        }
        XCTAssertEqual(read.eventLabels, events.map(\.label))
        XCTAssertEqual(read.eventContexts, events.map(\.context))
        for (time, event) in zip(read.eventTimes, events) {
            XCTAssertEqual(time.0, 0)
            XCTAssertEqual(Float(time.1), Float(event.timeS))
        }
    }

    func testLimitsAreRefusedWithTheReason() {
        let tooMany = (0..<256).map { C3DEvent(label: "Foot Strike", context: "Left", timeS: Double($0), description: "") }
        XCTAssertThrowsError(try C3DWriter(frameRateHz: 100, channels: [C3DAnalogChannel(label: "A", description: "", unit: "deg", values: [0])],
                                           events: tooMany, software: "").bytes()) { error in
            XCTAssertTrue("\(error)".contains("256 events"), "\(error)")
        }
        XCTAssertThrowsError(try C3DWriter(frameRateHz: 100, channels: [C3DAnalogChannel(label: "A", description: "", unit: "deg", values: [Float](repeating: 0, count: 65_536))],
                                           events: [], software: "").bytes()) { error in
            XCTAssertTrue("\(error)".contains("65536 frames"), "\(error)")
        }
    }

    /// A simulated session exported: ezc3d gives back the analysis's angles to the bit, the events
    /// are the true contacts and toe-offs, and each stride's peak in the file is the true measure.
    func testSessionExportAgainstTruth() throws {
        let session = try SharedSessions.allSensors.get()
        let result = try SharedSessions.allSensorsAnalysis.get()
        let (writer, timeZeroS) = try AngleExport.c3d(result: result, rateHz: 100, software: "gait tests")
        let url = session.scratch.appendingPathComponent("angles.c3d")
        try Data(try writer.bytes()).write(to: url)
        let read = try Ezc3dReading.read(url)

        XCTAssertEqual(read.labels, AngleExport.channelOrder.map(\.label))
        XCTAssertEqual(read.units, Array(repeating: "deg", count: 6))
        XCTAssertEqual(read.frames, writer.frameCount)
        for (channel, written) in writer.channels.enumerated() {
            for (frame, value) in written.values.enumerated() {
                XCTAssertEqual(Float(read.values[channel][frame]).bitPattern, value.bitPattern)
            }
        }

        // Events: one Foot Strike and one Foot Off per stride, at the true times.
        let gaitStrides = session.truth.strides.filter { $0.section == "gait" }
        XCTAssertGreaterThan(gaitStrides.count, 10)
        var matched = 0
        for truth in gaitStrides {
            let context = truth.side == .left ? "Left" : "Right"
            func nearest(_ label: String, _ t: Double) -> Double? {
                zip(read.eventLabels, zip(read.eventContexts, read.eventTimes))
                    .filter { $0.0 == label && $0.1.0 == context }
                    .map { $0.1.1.1 + timeZeroS - t }.min { abs($0) < abs($1) }
            }
            guard let contact = nearest("Foot Strike", truth.ic), abs(contact) < 0.1 else { continue }
            matched += 1
            // Insoles at 100 Hz here, their crossings interpolated: within most of a sample period.
            XCTAssertEqual(contact, 0, accuracy: 0.008, "Foot Strike \(context) at \(truth.ic) s")
            XCTAssertEqual(nearest("Foot Off", truth.to) ?? .infinity, 0, accuracy: 0.01, "Foot Off \(context) at \(truth.to) s")

            // Peaks over the stance, from the file's samples (100 Hz: a peak may fall between).
            let frames = Int(((truth.ic - timeZeroS) * 100).rounded(.up))...Int(((truth.to - timeZeroS) * 100).rounded(.down))
            func peak(_ label: String) -> Double? {
                let channel = read.labels.firstIndex(of: label)!
                let values = frames.map { read.values[channel][$0] }.filter { !$0.isNaN }
                return values.count == frames.count ? values.max() : nil
            }
            let prefix = truth.side == .left ? "L" : "R"
            if let drop = peak(prefix + "PelvisObliquity") { XCTAssertEqual(drop, truth.pelvicDropDeg, accuracy: 1.0, "pelvic drop at \(truth.ic)") }
            if let knee = peak(prefix + "KneeAbduction") { XCTAssertEqual(knee, truth.kneeValgusDeg, accuracy: 2.5, "knee at \(truth.ic)") }
            if let eversion = peak(prefix + "FootEversion") { XCTAssertEqual(eversion, truth.peakEversionDeg, accuracy: 1.5, "eversion at \(truth.ic)") }
        }
        XCTAssertGreaterThan(matched, gaitStrides.count * 3 / 4, "most true strides have their Foot Strike in the file")
    }
}
