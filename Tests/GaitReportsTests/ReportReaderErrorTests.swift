import Foundation
import GaitReports
import Testing

/// Bad input gets an error naming the file, the key path and what to do; nothing crashes.
struct ReportReaderErrorTests {
    static func edited(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var tree = try ReportFixtures.tree(ReportFixtures.data("run-pathological"))
        edit(&tree)
        return try JSONSerialization.data(withJSONObject: tree)
    }

    static func error(_ data: Data) -> ReportInputError? {
        do {
            _ = try ReportReader.decode(data, file: "week3.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func missingFile() {
        #expect(throws: ReportInputError.self) { try ReportReader.read(contentsOf: "/nonexistent/report.json") }
        do {
            _ = try ReportReader.read(contentsOf: "/nonexistent/report.json")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/report.json: no such file"))
            #expect(error.description.contains("Fix: "))
        }
    }

    @Test func notJSON() throws {
        let error = try #require(Self.error(Data("<!DOCTYPE html><html>".utf8)))
        #expect(error.file == "week3.json" && error.keyPath == nil)
        #expect(error.problem.contains("not valid JSON") && error.remedy.contains("not the HTML"))
    }

    @Test func foreignJSON() throws {
        let error = try #require(Self.error(Data(#"{"type": "FeatureCollection", "features": []}"#.utf8)))
        #expect(error.keyPath == "format" && error.problem.contains("not a gait report"))
        let list = try #require(Self.error(Data("[1, 2]".utf8)))
        #expect(list.problem.contains("not an object"))
    }

    @Test func otherVersion() throws {
        let error = try #require(Self.error(Self.edited { $0["format"] = "gait-report/2" }))
        #expect(error.keyPath == "format")
        #expect(error.description.contains("\"gait-report/2\"") && error.description.contains("reads \"gait-report/1\" only"))
    }

    @Test func strideWithoutAKey() throws {
        let error = try #require(Self.error(Self.edited { tree in
            var strides = tree["strides"] as! [[String: Any]]
            strides[3].removeValue(forKey: "pronationDeg")
            tree["strides"] = strides
        }))
        #expect(error.keyPath == "strides[3].pronationDeg")
        #expect(error.problem == "required key missing")
        #expect(error.description.hasPrefix("week3.json, at strides[3].pronationDeg: required key missing. Fix: "))
    }

    @Test func nullMeasureIsAValueNotMeasured() throws {
        let data = try Self.edited { tree in
            var strides = tree["strides"] as! [[String: Any]]
            strides[3]["pronationDeg"] = NSNull()
            tree["strides"] = strides
        }
        let document = try ReportReader.decode(data, file: "week3.json")
        #expect(document.strides[3].value(.pronation) == nil)
        #expect(document.strides[3].value(.pelvicDrop) != nil)
    }

    @Test func wrongTypes() throws {
        let side = try #require(Self.error(Self.edited { tree in
            var strides = tree["strides"] as! [[String: Any]]
            strides[0]["side"] = "middle"
            tree["strides"] = strides
        }))
        #expect(side.keyPath == "strides[0].side")
        let partial = try #require(Self.error(Self.edited { $0["partial"] = "no" }))
        #expect(partial.keyPath == "partial" && partial.problem.contains("true or false"))
        let session = try #require(Self.error(Self.edited { $0.removeValue(forKey: "summary") }))
        #expect(session.keyPath == "summary")
    }

    @Test func stanceCurvesOfTheWrongLength() throws {
        let data = try ReportFixtures.withStanceCurves(ReportFixtures.data("run-pathological"))
        var tree = try ReportFixtures.tree(data)
        var curves = tree["stanceCurves"] as! [[String: Any]]
        curves[2]["sdDeg"] = [1.0, 2.0]
        tree["stanceCurves"] = curves
        let error = try #require(Self.error(JSONSerialization.data(withJSONObject: tree)))
        #expect(error.keyPath == "stanceCurves[2].sdDeg")
        #expect(error.problem.contains("101"))
    }

    @Test func unknownKeysAreIgnored() throws {
        let document = try ReportReader.decode(Self.edited { $0["laterKey"] = ["anything": 1] }, file: "week3.json")
        let strides = try ReportFixtures.tree(ReportFixtures.data("run-pathological"))["strides"] as! [Any]
        #expect(document.strides.count == strides.count)
        #expect(document.stanceCurves == nil)
    }
}
