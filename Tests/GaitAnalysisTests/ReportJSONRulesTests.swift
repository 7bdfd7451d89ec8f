import Foundation
import GaitCore
import GaitSessionFiles
import GaitSimulation
import Testing
@testable import GaitAnalysis

/// Every rule of report-json.md, checked on the JSON `gait analyze` writes for a simulated session.
struct ReportJSONRulesTests {
    static func report(pelvicDropReference: (Double, Double)? = (3, 1)) throws -> [String: Any] {
        var options = SimulatedSession.running(seed: 61, gaitS: 10)
        options.pelvicDropDeg = SidePair(left: 3, right: 8)
        options.dropoutsPerMinute = 4
        let session = try SimulatedSession(options)
        defer { session.removeFiles() }
        let result = SessionAnalysis().run(session.recorded)
        let thresholds = pelvicDropReference.map { ThresholdSet.withPelvicDrop(referenceMeanDeg: $0.0, sdDeg: $0.1) } ?? .defaults
        let report = GaitReport(result: result, sessionID: "s", subjectID: "R-1", activity: "treadmill-run",
                                startS: 0, endS: options.durationS, thresholds: thresholds, generatorVersion: "test")
        let data = ReportJSON.data(report)
        // Finite numbers only: JSONSerialization rejects NaN/Infinity literals, and none are written.
        #expect(!String(decoding: data, as: UTF8.self).contains("nan") && !String(decoding: data, as: UTF8.self).contains("inf"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func everyRuleOfTheSpecHolds() throws {
        let json = try Self.report()
        for key in ["format", "generator", "session", "partial", "warnings", "calibration", "thresholds", "strides", "summary", "findings"] {
            #expect(json[key] != nil, "missing top-level key \(key)")
        }
        #expect(json["format"] as? String == "gait-report/1")
        let strides = try #require(json["strides"] as? [[String: Any]])
        #expect(!strides.isEmpty)
        let strideKeys = ["index", "side", "ic", "to", "nextIc", "eventSource", "stanceS", "strideS", "pelvicDropDeg",
                          "kneeValgusDeg", "pronationDeg", "peakEversionDeg", "eversionVelocityDegPerS", "flags"]
        var previousIC = -Double.infinity
        for stride in strides {
            for key in strideKeys { #expect(stride.keys.contains(key), "stride lacks \(key)") }
            let side = try #require(stride["side"] as? String)
            #expect(side == "left" || side == "right")
            #expect(["insole", "imu"].contains(stride["eventSource"] as? String))
            let ic = try #require(stride["ic"] as? Double), to = try #require(stride["to"] as? Double)
            #expect(ic >= previousIC, "strides in order of ic")
            previousIC = ic
            #expect(abs((stride["stanceS"] as! Double) - (to - ic)) < 1e-5)
            if let next = stride["nextIc"] as? Double {
                #expect(abs((stride["strideS"] as! Double) - (next - ic)) < 1e-5)
                #expect(next > ic)
            } else {
                #expect(stride["strideS"] is NSNull)
            }
            #expect(stride["flags"] is [Any])
        }
        // The last stance of each side has no next contact.
        for side in ["left", "right"] {
            let last = try #require(strides.last { $0["side"] as? String == side })
            #expect(last["nextIc"] is NSNull)
        }
        let summary = try #require(json["summary"] as? [String: Any])
        let left = try #require(summary["left"] as? [String: Any]), right = try #require(summary["right"] as? [String: Any])
        #expect((left["strides"] as? Int ?? 0) + (right["strides"] as? Int ?? 0) == strides.count)
        #expect(summary["cadenceStepsPerMin"] is Double)
        // Asymmetry is right median minus left median, signed.
        let asymmetry = try #require(summary["asymmetry"] as? [String: Double])
        let leftMedian = try #require((left["pelvicDropDeg"] as? [String: Double])?["median"])
        let rightMedian = try #require((right["pelvicDropDeg"] as? [String: Double])?["median"])
        #expect(abs(try #require(asymmetry["pelvicDropDeg"]) - (rightMedian - leftMedian)) < 1e-5)
        // Calibration entries carry the method, the misalignment, a quality and the standing used.
        for entry in try #require(json["calibration"] as? [[String: Any]]) {
            for key in ["sensor", "placement", "method", "standing", "misalignmentDeg", "quality", "note"] {
                #expect(entry.keys.contains(key), "calibration lacks \(key)")
            }
        }
        // Thresholds print their value and source; findings name measure, side, source, in words.
        for threshold in try #require(json["thresholds"] as? [[String: Any]]) {
            #expect(threshold["source"] as? String != nil && !(threshold["source"] as! String).isEmpty)
        }
        let findings = try #require(json["findings"] as? [[String: Any]])
        let drop = try #require(findings.first { $0["measure"] as? String == "pelvicDropDeg" && $0["side"] as? String == "right" },
                                "an 8° right-stance drop against a 4° threshold must be a finding")
        #expect((drop["text"] as? String)?.contains("strides") == true)
        #expect((drop["source"] as? String)?.contains("Bramah") == true)
        // Lost samples are warnings, with where they were.
        let warnings = try #require(json["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["code"] as? String == "gap" && $0["start"] is Double && $0["end"] is Double })
        #expect(json["partial"] as? Bool == false)
        // What the analysis corrected in the clocks is reported (conventions.md, "Clocks").
        let clocks = try #require(json["clocks"] as? [[String: Any]])
        #expect(clocks.contains { $0["sensor"] as? String == "right_insole" && $0["offsetS"] is Double && $0["method"] is String })
    }

    @Test func withoutAReferenceThereIsNoPelvicDropThreshold() throws {
        let json = try Self.report(pelvicDropReference: nil)
        let thresholds = try #require(json["thresholds"] as? [[String: Any]])
        #expect(!thresholds.contains { $0["measure"] as? String == "pelvicDropDeg" })
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(!findings.contains { $0["measure"] as? String == "pelvicDropDeg" })
    }
}
