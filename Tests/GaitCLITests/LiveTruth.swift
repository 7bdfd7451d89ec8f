import Foundation

/// A live session's strides against the simulator's truth (`Fixtures/NAME.truth.json`).
///
/// The live session clock starts when the recorder sends START, the fixture's at its first row:
/// the two differ by the moment the reference insole started (its first sample's time, since
/// the fixture's files start at 0). Strides are matched by side and nearest contact.
struct LiveTruth {
    struct Score: CustomStringConvertible {
        var matched = 0, unmatched = 0
        var contactErrorsMs: [Double] = []
        var errors: [String: [Double]] = [:]

        func rmse(_ key: String) -> Double? {
            guard let values = errors[key], !values.isEmpty else { return nil }
            return (values.map { $0 * $0 }.reduce(0, +) / Double(values.count)).squareRoot()
        }
        var medianContactErrorMs: Double { contactErrorsMs.sorted()[contactErrorsMs.count / 2] }
        var description: String {
            "matched \(matched), unmatched \(unmatched), median IC error \(String(format: "%.1f", medianContactErrorMs)) ms, RMSE "
                + ["pelvicDropDeg", "kneeValgusDeg", "pronationDeg"].map { "\($0) \(rmse($0).map { String(format: "%.2f", $0) } ?? "–")" }.joined(separator: ", ")
        }
    }

    /// Each stride: side, ic (live session clock), and the measures by report key.
    typealias Stride = [String: Any]

    static func score(_ strides: [Stride], truthFile: URL, offsetS: Double) throws -> Score {
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: truthFile)) as! [String: Any]
        let truthStrides = truth["strides"] as! [[String: Any]]
        var score = Score()
        for stride in strides {
            let side = stride["side"] as! String, ic = (stride["ic"] as! Double) - offsetS
            let candidates = truthStrides.filter { $0["side"] as? String == side }
            guard let nearest = candidates.min(by: { abs(($0["ic"] as! Double) - ic) < abs(($1["ic"] as! Double) - ic) }),
                  abs((nearest["ic"] as! Double) - ic) < 0.05 else {
                score.unmatched += 1
                continue
            }
            score.matched += 1
            score.contactErrorsMs.append(abs((nearest["ic"] as! Double) - ic) * 1000)
            // Steady running only: the transition's strides change by design from one to the next.
            guard nearest["section"] as? String != "transition" else { continue }
            for key in ["pelvicDropDeg", "kneeValgusDeg", "pronationDeg"] {
                if let value = stride[key] as? Double, let true_ = nearest[key] as? Double {
                    score.errors[key, default: []].append(value - true_)
                }
            }
        }
        return score
    }
}
