import ArgumentParser
import Foundation
import GaitSessionFiles

extension Gait {
    /// `gait check`: read a whole session the way the analysis will, and say what is in it.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a session folder reads, and list its sensors, samples and gaps.",
            discussion: """
                Reads session.json and every sensor file completely, as `gait analyze` will. \
                Prints each sensor's rate, sample count, time span and lost samples (gaps are \
                reported, never filled in). Exits with status 65 and a message naming the file, \
                line and problem when the session cannot be read.
                """)

        @Argument(help: ArgumentHelp("The session folder (session.json and one CSV per sensor).", valueName: "session"))
        var session: String

        func run() throws {
            let folder = URL(fileURLWithPath: session, isDirectory: true)
            do {
                let report = try SessionCheck.run(folder: folder, displayName: session)
                print(report.text, terminator: "")
            } catch let error as SessionFileError {
                FileHandle.standardError.write(Data("gait check: \(error)\n".utf8))
                throw ExitCode(65)    // EX_DATAERR: the input data was incorrect
            }
        }
    }
}

/// What `gait check` found, as plain text.
struct SessionCheck {
    var text: String

    static func run(folder: URL, displayName: String) throws -> SessionCheck {
        let session = try SessionFolder.open(folder)
        let manifest = session.manifest
        var lines: [String] = []
        var header = "Session \(displayName) (\(SessionManifest.formatIdentifier))"
        if let subject = manifest.subject?.id { header += ", subject \(subject)" }
        if let activity = manifest.activity { header += ", \(activity)" }
        if let speed = manifest.treadmillSpeedMps { header += String(format: " at %.2f m/s", speed) }
        lines.append(header)
        if let standing = manifest.standing {
            lines.append(String(format: "Quiet standing: %.2f–%.2f s (declared in session.json)", standing.start, standing.end))
        } else {
            lines.append("Quiet standing: not declared (the analysis will look for an interval of its own)")
        }
        lines.append("")
        lines.append("sensor          placement      kind    rate Hz   samples   from s     to s   gaps  missing")
        var warnings: [String] = []
        var totalSamples = 0, totalGaps = 0
        for sensor in manifest.sensors {
            var reader = try session.reader(for: sensor, blockSize: 65_536)
            var first: Double?, last: Double?
            while let block = try reader.nextBlock() {
                if first == nil { first = block.timesS.first }
                last = block.timesS.last ?? last
            }
            let missing = reader.gaps.reduce(0) { $0 + $1.missingSamples }
            totalSamples += reader.samplesRead
            totalGaps += reader.gapCount
            let span = [first, last].map { $0.map { String(format: "%.3f", $0) } ?? "–" }
            lines.append(sensor.id.padded(15) + " " + sensor.placement.rawValue.padded(14) + " " + sensor.kind.rawValue.padded(6)
                + String(format: " %8.1f %9d ", sensor.rateHz, reader.samplesRead)
                + span[0].leftPadded(8) + " " + span[1].leftPadded(8) + String(format: " %6d %8d", reader.gapCount, missing))
            for gap in reader.gaps.prefix(5) {
                warnings.append(String(format: "%@: %.0f ms of samples missing, %.3f–%.3f s (about %d samples, before line %d)",
                                       sensor.id as NSString, gap.duration * 1000, gap.start, gap.end, gap.missingSamples, gap.line))
            }
            if reader.gapCount > 5 { warnings.append("\(sensor.id): \(reader.gapCount - 5) more gaps") }
            if let truncated = reader.truncatedLastLine {
                warnings.append("\(sensor.id): partial — \(truncated)")
            }
            if reader.samplesRead == 0 { warnings.append("\(sensor.id): the file has a header and no samples") }
        }
        lines.append("")
        if !warnings.isEmpty {
            lines.append("Warnings:")
            lines.append(contentsOf: warnings.map { "  " + $0 })
            lines.append("")
        }
        lines.append("Readable: \(manifest.sensors.count) sensors, \(totalSamples) samples, \(totalGaps) gaps (reported, never filled in).")
        return SessionCheck(text: lines.joined(separator: "\n") + "\n")
    }
}

extension String {
    /// The string, cut or padded with spaces on the right to `width` characters.
    func padded(_ width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }

    /// The string padded with spaces on the left to at least `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
