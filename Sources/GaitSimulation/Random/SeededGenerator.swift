import Foundation

/// A reproducible random number generator (xoshiro256**, seeded through SplitMix64).
///
/// The simulator draws each concern (stride plan, each sensor's errors, dropouts…) from its own
/// named stream, so that changing one option — adding a sensor, say — does not change the
/// draws of the others.
///
/// References: Blackman D, Vigna S (2021) Scrambled linear pseudorandom number generators.
/// ACM Trans Math Softw 47(4):36. doi:10.1145/3460772
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator for the stream `stream` of the session seed `seed`.
    public init(seed: UInt64, stream: String) {
        // FNV-1a of the stream name keeps streams independent and stable across runs
        // (Swift's Hasher is randomly seeded per process, so it cannot be used here).
        var streamHash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in stream.utf8 {
            streamHash = (streamHash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        var splitMix = seed ^ streamHash
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9e37_79b9_7f4a_7c15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform draw in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform draw in `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// A normal draw (Box–Muller).
    public mutating func gaussian(mean: Double = 0, sd: Double = 1) -> Double {
        let u1 = max(uniform(), 0x1.0p-53)
        let u2 = uniform()
        return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// A direction drawn uniformly on the unit sphere.
    public mutating func unitVector() -> SIMD3<Double> {
        let z = uniform(-1...1)
        let azimuth = uniform(0...(2 * .pi))
        let r = (1 - z * z).squareRoot()
        return SIMD3(r * cos(azimuth), r * sin(azimuth), z)
    }
}
