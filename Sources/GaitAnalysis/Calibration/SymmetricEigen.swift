import Foundation
import GaitCore

/// Eigen-decomposition of a symmetric 3×3 matrix by cyclic Jacobi rotations: eigenvalues in
/// decreasing order with their unit eigenvectors. Used for the principal axis of angular velocity.
struct SymmetricEigen {
    let values: [Double]
    let vectors: [Vector3]

    init(_ matrix: Matrix3) {
        var a = matrix
        var v = Matrix3.identity
        for _ in 0..<50 {
            let offDiagonal = a[0, 1] * a[0, 1] + a[0, 2] * a[0, 2] + a[1, 2] * a[1, 2]
            if offDiagonal < 1e-22 * max(1, a[0, 0] * a[0, 0] + a[1, 1] * a[1, 1] + a[2, 2] * a[2, 2]) { break }
            for (p, q) in [(0, 1), (0, 2), (1, 2)] where abs(a[p, q]) > 0 {
                let theta = (a[q, q] - a[p, p]) / (2 * a[p, q])
                let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                // A ← Jᵀ A J with the rotation J in the (p, q) plane.
                for k in 0..<3 {
                    let akp = a[k, p], akq = a[k, q]
                    a[k, p] = c * akp - s * akq
                    a[k, q] = s * akp + c * akq
                }
                for k in 0..<3 {
                    let apk = a[p, k], aqk = a[q, k]
                    a[p, k] = c * apk - s * aqk
                    a[q, k] = s * apk + c * aqk
                }
                for k in 0..<3 {
                    let vkp = v[k, p], vkq = v[k, q]
                    v[k, p] = c * vkp - s * vkq
                    v[k, q] = s * vkp + c * vkq
                }
            }
        }
        let order = [0, 1, 2].sorted { a[$0, $0] > a[$1, $1] }
        values = order.map { a[$0, $0] }
        vectors = order.map { v.column($0) }
    }
}
