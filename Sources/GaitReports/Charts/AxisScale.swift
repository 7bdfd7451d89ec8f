import Foundation

/// A linear axis with "nice" ticks (1, 2 or 5 × 10ⁿ apart) covering a data range, mapped onto a
/// pixel range. Ticks are what a reader reads values off, so the range is widened to whole ticks.
struct AxisScale: Sendable {
    var lower: Double
    var upper: Double
    var step: Double
    var pixelLower: Double
    var pixelUpper: Double

    /// - Parameters:
    ///   - values: data to cover (non-finite ignored); an empty or flat range gets a unit span.
    ///   - targetTicks: about how many intervals a reader wants on this axis.
    init(covering values: [Double], pixels: ClosedRange<Double>, reversed: Bool = false, targetTicks: Int = 5, includeZero: Bool = false) {
        var finite = values.filter(\.isFinite)
        if includeZero { finite.append(0) }
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if high - low < 1e-9 { low -= 0.5; high += 0.5 }
        let rough = (high - low) / Double(max(targetTicks, 1))
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        self.step = step
        // The tolerance keeps a bound that sits on a tick (0, 30) from growing a whole empty tick.
        lower = floor(low / step + 1e-9) * step
        upper = ceil(high / step - 1e-9) * step
        if reversed {
            pixelLower = pixels.upperBound
            pixelUpper = pixels.lowerBound
        } else {
            pixelLower = pixels.lowerBound
            pixelUpper = pixels.upperBound
        }
    }

    func pixel(_ value: Double) -> Double {
        pixelLower + (value - lower) / (upper - lower) * (pixelUpper - pixelLower)
    }

    var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...count).map { lower + Double($0) * step }
    }

    /// Decimals that tell ticks apart, no more.
    var tickDecimals: Int { max(0, Int(-floor(log10(step) + 1e-9))) }
}
