import Foundation
import GaitCore

/// A second-order Butterworth low-pass on 3-vectors (bilinear transform), started at steady
/// state on its first input so that it has no start-up transient.
struct SecondOrderLowPass: Sendable {
    private let b0: Double, b1: Double, b2: Double, a1: Double, a2: Double
    private var x1 = Vector3.zero, x2 = Vector3.zero, y1 = Vector3.zero, y2 = Vector3.zero
    private var started = false

    /// - Parameters: cutoffHz: the −3 dB frequency; sampleRateHz: the input rate.
    init(cutoffHz: Double, sampleRateHz: Double) {
        let k = tan(Double.pi * min(cutoffHz, 0.45 * sampleRateHz) / sampleRateHz)
        let norm = 1 / (1 + 2.0.squareRoot() * k + k * k)
        b0 = k * k * norm
        b1 = 2 * b0
        b2 = b0
        a1 = 2 * (k * k - 1) * norm
        a2 = (1 - 2.0.squareRoot() * k + k * k) * norm
    }

    mutating func filter(_ x: Vector3) -> Vector3 {
        if !started {
            (x1, x2, y1, y2) = (x, x, x, x)
            started = true
        }
        let y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        (x2, x1, y2, y1) = (x1, x, y1, y)
        return y
    }
}
