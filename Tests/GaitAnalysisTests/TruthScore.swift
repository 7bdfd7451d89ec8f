import Foundation
import GaitCore
import GaitSimulation
@testable import GaitAnalysis

/// Scores an analysis against a simulator's truth over the strides of steady gait.
struct TruthScore: CustomStringConvertible {
    var matched = 0
    var missed = 0
    var invented = 0
    var contactErrorsMs: [Double] = []
    var squaredErrors: [String: [Double]] = [:]

    /// Truth times are the reference device's clock; so are the analysis's event times.
    init(result: AnalysisResult, truth: SimulationTruth) {
        let section = truth.gaitSections.first
        let inGait = { (t: Double) in section.map { t >= $0.start && t <= $0.end } ?? false }
        let truthStrides = truth.strides.filter { $0.section == "gait" }
        var used = Set<Int>()
        for stride in truthStrides {
            let candidates = result.strides.enumerated().filter {
                $0.element.side == stride.side && abs($0.element.initialContactS - stride.ic) < 0.1 && !used.contains($0.offset)
            }
            guard let best = candidates.min(by: { abs($0.element.initialContactS - stride.ic) < abs($1.element.initialContactS - stride.ic) }) else {
                missed += 1
                continue
            }
            used.insert(best.offset)
            matched += 1
            let found = best.element
            contactErrorsMs.append(1000 * (found.initialContactS - stride.ic))
            func add(_ name: String, _ value: Double?, _ true: Double) {
                if let value { squaredErrors[name, default: []].append((value - `true`) * (value - `true`)) }
            }
            add("pelvicDrop", found.measures.pelvicDropDeg, stride.pelvicDropDeg)
            add("kneeValgus", found.measures.kneeValgusDeg, stride.kneeValgusDeg)
            add("pronation", found.measures.pronationDeg, stride.pronationDeg)
            add("peakEversion", found.measures.peakEversionDeg, stride.peakEversionDeg)
            add("eversionVelocity", found.measures.eversionVelocityDegPerS, stride.eversionVelocityDegPerS)
        }
        // A detected stance in steady gait that matches no true one is invented.
        invented = result.strides.enumerated().filter { !used.contains($0.offset) && inGait($0.element.initialContactS)
            && inGait($0.element.toeOffS) }.count
    }

    func rmse(_ name: String) -> Double? {
        guard let errors = squaredErrors[name], !errors.isEmpty else { return nil }
        return (errors.reduce(0, +) / Double(errors.count)).squareRoot()
    }

    var medianAbsoluteContactErrorMs: Double {
        let sorted = contactErrorsMs.map(abs).sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }

    var description: String {
        let names = ["pelvicDrop", "kneeValgus", "pronation", "peakEversion", "eversionVelocity"]
        return "matched \(matched), missed \(missed), invented \(invented), IC |error| median "
            + String(format: "%.1f ms; ", medianAbsoluteContactErrorMs)
            + names.map { name in rmse(name).map { String(format: "%@ %.2f", name, $0) } ?? "\(name) –" }.joined(separator: ", ")
    }
}
