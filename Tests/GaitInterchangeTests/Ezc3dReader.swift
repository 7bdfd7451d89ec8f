import Foundation
import XCTest

/// A C3D file as ezc3d (PyPI `ezc3d`, the pyomeca project's independent C++ reader) reads it.
struct Ezc3dReading {
    var frameRateHz: Double
    var pointRateHz: Double
    var frames: Int
    var labels: [String]
    var units: [String]
    var descriptions: [String]
    /// values[channel][frame]; NaN where the file holds NaN.
    var values: [[Double]]
    var eventLabels: [String]
    var eventContexts: [String]
    /// (minutes, seconds) per event.
    var eventTimes: [(Double, Double)]

    static let script = """
        import json, math, sys
        import ezc3d
        c = ezc3d.c3d(sys.argv[1])
        p = c['parameters']
        a = c['data']['analogs'][0]
        ev = p['EVENT']
        used = int(ev['USED']['value'][0])
        times = ev['TIMES']['value'] if used else [[], []]
        out = {
            'rate': float(c['header']['analogs']['frame_rate']),
            'pointRate': float(p['POINT']['RATE']['value'][0]),
            'frames': int(a.shape[1]),
            'labels': list(p['ANALOG']['LABELS']['value']),
            'units': list(p['ANALOG']['UNITS']['value']),
            'descriptions': list(p['ANALOG']['DESCRIPTIONS']['value']),
            'values': [[None if math.isnan(v) else v for v in row] for row in a.tolist()],
            'eventLabels': list(ev['LABELS']['value']) if used else [],
            'eventContexts': list(ev['CONTEXTS']['value']) if used else [],
            'eventMinutes': [float(v) for v in times[0]],
            'eventSeconds': [float(v) for v in times[1]],
        }
        json.dump(out, sys.stdout)
        """

    /// Reads `url` with ezc3d; skips the test (with how to install it) when python3 or ezc3d is
    /// missing here. CI installs both (`.ci/run`), so there the comparison always runs.
    static func read(_ url: URL) throws -> Ezc3dReading {
        let probe = try run(["-c", "import ezc3d"])
        if probe.status != 0 {
            throw XCTSkip("python3 with ezc3d is not installed here (pip install ezc3d==1.7.2): the C3D file is not checked by an independent reader. CI installs it (.ci/run).")
        }
        let result = try run(["-c", script, url.path])
        guard result.status == 0 else { throw ReaderError(description: "ezc3d could not read \(url.lastPathComponent): \(result.error)") }
        let json = try JSONSerialization.jsonObject(with: result.output) as! [String: Any]
        func strings(_ key: String) -> [String] { (json[key] as! [String]).map { $0.trimmingCharacters(in: .whitespaces) } }
        let minutes = json["eventMinutes"] as! [Double], seconds = json["eventSeconds"] as! [Double]
        return Ezc3dReading(
            frameRateHz: json["rate"] as! Double, pointRateHz: json["pointRate"] as! Double, frames: json["frames"] as! Int,
            labels: strings("labels"), units: strings("units"), descriptions: strings("descriptions"),
            values: (json["values"] as! [[Any]]).map { row in row.map { ($0 as? Double) ?? .nan } },
            eventLabels: strings("eventLabels"), eventContexts: strings("eventContexts"),
            eventTimes: Array(zip(minutes, seconds)))
    }

    struct ReaderError: Error, CustomStringConvertible { let description: String }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: Data, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        do { try process.run() } catch { return (127, Data(), "\(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, data, errorText)
    }
}
