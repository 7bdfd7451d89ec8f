import Foundation
import GaitCore

/// The flexion axis of an approximate hinge joint (the knee) in the frames of the two IMUs
/// around it, from gyroscopes alone: for a hinge, the angular velocity of each segment
/// perpendicular to the joint axis is the same, ‖ω₁ × j₁‖ = ‖ω₂ × j₂‖, whatever the segments'
/// headings. j₁ and j₂ minimise the squared differences over gait (Gauss–Newton on their
/// spherical angles, started from each segment's principal axis of angular velocity).
///
/// Unlike a principal axis of one segment's own angular velocity, this is not biased by the
/// rotations both segments share (pelvis rotation, hip ab-/adduction, which a tilted shank sees
/// about its own axes).
///
/// References: Seel T, Raisch J, Schauer T (2014) IMU-based joint angle measurement for gait
/// analysis. Sensors 14(4):6891–6909. doi:10.3390/s140406891
enum HingeAxisEstimator {
    /// - Parameters: pairs: simultaneous angular velocities (proximal, distal), each in its sensor frame.
    /// - Returns: unit axes (j₁, j₂) and the RMS of the residual, rad/s; nil if it does not converge.
    static func estimate(pairs: [(Vector3, Vector3)], initial: (Vector3, Vector3)) -> (Vector3, Vector3, residualRadPerS: Double)? {
        guard pairs.count >= 50 else { return nil }
        func angles(_ v: Vector3) -> (Double, Double) { (asin(max(-1, min(1, v.z))), atan2(v.y, v.x)) }
        func axis(_ phi: Double, _ theta: Double) -> Vector3 { Vector3(cos(phi) * cos(theta), cos(phi) * sin(theta), sin(phi)) }
        var p = { let a = angles(initial.0.normalized), b = angles(initial.1.normalized); return [a.0, a.1, b.0, b.1] }()
        func residuals(_ p: [Double]) -> [Double] {
            let j1 = axis(p[0], p[1]), j2 = axis(p[2], p[3])
            return pairs.map { $0.0.cross(j1).norm - $0.1.cross(j2).norm }
        }
        var r = residuals(p)
        var cost = r.reduce(0) { $0 + $1 * $1 }
        var damping = 1e-3
        for _ in 0..<60 {
            // Jacobian by central differences (4 parameters).
            let h = 1e-6
            var jacobian = Array(repeating: [Double](repeating: 0, count: 4), count: r.count)
            for k in 0..<4 {
                var plus = p, minus = p
                plus[k] += h
                minus[k] -= h
                let rp = residuals(plus), rm = residuals(minus)
                for i in r.indices { jacobian[i][k] = (rp[i] - rm[i]) / (2 * h) }
            }
            // Levenberg–Marquardt step: (JᵀJ + λ diag) Δ = −Jᵀ r.
            var normal = Array(repeating: [Double](repeating: 0, count: 4), count: 4)
            var gradient = [Double](repeating: 0, count: 4)
            for i in r.indices {
                for a in 0..<4 {
                    gradient[a] += jacobian[i][a] * r[i]
                    for b in 0..<4 { normal[a][b] += jacobian[i][a] * jacobian[i][b] }
                }
            }
            for a in 0..<4 { normal[a][a] *= 1 + damping }
            guard let step = solve4(normal, gradient.map { -$0 }) else { return nil }
            let candidate = zip(p, step).map(+)
            let candidateResiduals = residuals(candidate)
            let candidateCost = candidateResiduals.reduce(0) { $0 + $1 * $1 }
            if candidateCost < cost {
                let improvement = cost - candidateCost
                (p, r, cost) = (candidate, candidateResiduals, candidateCost)
                damping = max(damping / 3, 1e-9)
                if improvement < 1e-12 * max(cost, 1e-12) { break }
            } else {
                damping *= 5
                if damping > 1e6 { break }
            }
        }
        return (axis(p[0], p[1]), axis(p[2], p[3]), (cost / Double(r.count)).squareRoot())
    }

    /// Gaussian elimination with partial pivoting for a 4×4 system.
    private static func solve4(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
        var a = matrix, b = rhs
        let n = 4
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }), abs(a[pivot][column]) > 1e-300 else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<n { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }

    /// Simultaneous angular velocities of two sensors, the proximal one's interpolated at the
    /// distal one's sample times shifted by `lagS` (at most about `maximumPairs`, spread over `span`).
    static func pairs(proximal: ImuTrack, distal: ImuTrack, over span: ClosedRange<Double>, lagS: Double,
                      maximumPairs: Int = 3000) -> [(Vector3, Vector3)] {
        let indices = StrideMeasurer.inside(distal.timesS, span)
        let step = max(1, indices.count / maximumPairs)
        var pairs: [(Vector3, Vector3)] = []
        for k in stride(from: 0, to: indices.count, by: step) {
            let i = indices.lowerBound + k, t = distal.timesS[i] + lagS
            guard let j = proximal.index(atOrBefore: t), j + 1 < proximal.timesS.count,
                  proximal.timesS[j + 1] - proximal.timesS[j] <= 1.5 / proximal.rateHz else { continue }
            let fraction = (t - proximal.timesS[j]) / (proximal.timesS[j + 1] - proximal.timesS[j])
            pairs.append((proximal.gyroscopeRadPerS[j] + fraction * (proximal.gyroscopeRadPerS[j + 1] - proximal.gyroscopeRadPerS[j]),
                          distal.gyroscopeRadPerS[i]))
        }
        return pairs
    }

    /// The clock lag of the proximal sensor against the distal one (proximal time − distal time of
    /// the same instant) that lets the hinge constraint fit best: the axes are fitted afresh at
    /// each candidate lag (`search` in 10 ms steps, then refined to 0.5 ms).
    static func bestLag(proximal: ImuTrack, distal: ImuTrack, over span: ClosedRange<Double>,
                        initial: (Vector3, Vector3), search: ClosedRange<Double> = -0.08...0.08) -> (lagS: Double, residualRadPerS: Double)? {
        func residual(_ lag: Double) -> Double {
            estimate(pairs: pairs(proximal: proximal, distal: distal, over: span, lagS: lag, maximumPairs: 600),
                     initial: initial)?.residualRadPerS ?? .infinity
        }
        let coarse = stride(from: search.lowerBound, through: search.upperBound, by: 0.01).map { ($0, residual($0)) }
        guard var best = coarse.min(by: { $0.1 < $1.1 }), best.1.isFinite else { return nil }
        for step in [0.005, 0.0025, 0.001, 0.0005] {
            for candidate in [best.0 - step, best.0 + step] {
                let r = residual(candidate)
                if r < best.1 { best = (candidate, r) }
            }
        }
        return best
    }
}
