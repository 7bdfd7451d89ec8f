import Foundation
import GaitReports

/// Each fixture's page opened once in Chromium and read back; the tests share the readings, so
/// the suite costs one browser run per page, not one per test.
enum ProbedPages {
    struct Page: Sendable {
        var reading: DOMProbe.Reading
        var console: [String]
        /// The JSON that was fed in, as an untyped tree (JSONSerialization).
        var jsonData: Data
        var document: ReportDocument
    }

    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    static func open(_ data: Data, name: String) -> Result<Page, Failure> {
        do {
            let document = try ReportReader.decode(data, file: name)
            let (reading, console) = try DOMProbe.open(ReportPage.html(document))
            return .success(Page(reading: reading, console: console, jsonData: data, document: document))
        } catch {
            return .failure(Failure(description: "\(name): \(error)"))
        }
    }

    static let pathological = open(try! ReportFixtures.data("run-pathological"), name: "run-pathological")
    static let withCurves = open(try! ReportFixtures.withStanceCurves(ReportFixtures.data("run-pathological")), name: "with-curves")
    static let withGaps = open(try! ReportFixtures.data("run-with-gaps"), name: "run-with-gaps")
    static let imuOnly = open(try! ReportFixtures.data("run-imu-only"), name: "run-imu-only")

    static func page(_ name: String) throws -> Page {
        switch name {
        case "run-pathological": try pathological.get()
        case "with-curves": try withCurves.get()
        case "run-imu-only": try imuOnly.get()
        default: try withGaps.get()
        }
    }

    /// run-imu-only has no strides (no insoles: no events yet) and must still render.
    static let names = ["run-pathological", "with-curves", "run-with-gaps", "run-imu-only"]
}
