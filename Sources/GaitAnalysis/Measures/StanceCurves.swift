import Foundation
import GaitCore

/// The mean and SD over one side's stances of one angle, time-normalised from initial contact
/// to toe-off (0…100 %, 101 points): the shape of the movement, where a stride's measure is only
/// its peak (docs/report-json-stance-curves.md). Accumulated stride by stride (Welford's method),
/// so memory does not grow with the session.
public struct StanceCurve: Sendable, Equatable {
    public enum Angle: String, Sendable, CaseIterable {
        case pelvicObliquityDeg, kneeAbductionDeg, footEversionDeg
    }

    public static let pointCount = 101
    public let angle: Angle
    public let side: Side
    public private(set) var strides = 0
    public private(set) var meanDeg = [Double](repeating: 0, count: pointCount)
    private var sumOfSquaredDeviations = [Double](repeating: 0, count: pointCount)

    init(angle: Angle, side: Side) {
        self.angle = angle
        self.side = side
    }

    /// SD with n − 1 (0 for a single stance).
    public var sdDeg: [Double] {
        sumOfSquaredDeviations.map { strides > 1 ? ($0 / Double(strides - 1)).squareRoot() : 0 }
    }

    /// Adds one stance's curve (101 values, side-signed, relative to standing).
    mutating func add(_ curve: [Double]) {
        precondition(curve.count == Self.pointCount)
        strides += 1
        for i in curve.indices {
            let delta = curve[i] - meanDeg[i]
            meanDeg[i] += delta / Double(strides)
            sumOfSquaredDeviations[i] += delta * (curve[i] - meanDeg[i])
        }
    }

    /// The side-signed angle relative to standing at 0, 1, …, 100 % of the stance, or nil if any
    /// point has no data.
    static func sample(_ stance: ClosedRange<Double>, side: Side, referenceDeg: Double,
                       _ angleDeg: (Double) -> Double?) -> [Double]? {
        var curve: [Double] = []
        curve.reserveCapacity(pointCount)
        for i in 0..<pointCount {
            let t = stance.lowerBound + Double(i) / Double(pointCount - 1) * (stance.upperBound - stance.lowerBound)
            guard let angle = angleDeg(t) else { return nil }
            curve.append(side.sign * (angle - referenceDeg))
        }
        return curve
    }
}
