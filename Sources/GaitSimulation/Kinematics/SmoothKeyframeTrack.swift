/// A scalar function of time through keyframes, smooth to the second derivative (C²).
///
/// Between consecutive keyframes the value follows the quintic smoothstep
/// s(u) = 10u³ − 15u⁴ + 6u⁵, whose first and second derivatives vanish at both ends. So each
/// keyframe is an exact extremum or plateau of the track (the simulator's per-stride peaks are
/// reached exactly), the track never overshoots its keyframes, and velocities and accelerations
/// derived from it are continuous — which the IMU model needs, since it differentiates motion.
/// Before the first and after the last keyframe the value is held.
public struct SmoothKeyframeTrack: Sendable {
    public private(set) var timesS: [Double] = []
    public private(set) var values: [Double] = []

    public init() {}

    /// Appends a keyframe. Keyframes must come in increasing time; one that is not at least
    /// `minimumSpacingS` after the previous replaces it (so close knots cannot make a jerk).
    public mutating func append(timeS: Double, value: Double, minimumSpacingS: Double = 1e-3) {
        if let last = timesS.last, timeS < last + minimumSpacingS {
            timesS[timesS.count - 1] = max(last, timeS)
            values[values.count - 1] = value
            return
        }
        timesS.append(timeS)
        values.append(value)
    }

    /// Builds a track from unsorted keyframes.
    public init(keyframes: [(timeS: Double, value: Double)], minimumSpacingS: Double = 1e-3) {
        for keyframe in keyframes.sorted(by: { $0.timeS < $1.timeS }) {
            append(timeS: keyframe.timeS, value: keyframe.value, minimumSpacingS: minimumSpacingS)
        }
    }

    /// The value at `timeS`.
    public func value(at timeS: Double) -> Double {
        guard let first = timesS.first else { return 0 }
        if timeS <= first { return values[0] }
        if timeS >= timesS[timesS.count - 1] { return values[values.count - 1] }
        // Binary search for the interval [t_i, t_i+1) that holds timeS.
        var low = 0
        var high = timesS.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if timesS[middle] <= timeS { low = middle } else { high = middle }
        }
        let u = (timeS - timesS[low]) / (timesS[high] - timesS[low])
        return values[low] + (values[high] - values[low]) * Self.smoothstep(u)
    }

    /// The quintic smoothstep on [0, 1].
    @inlinable public static func smoothstep(_ u: Double) -> Double {
        let clamped = min(max(u, 0), 1)
        return clamped * clamped * clamped * (10 + clamped * (-15 + 6 * clamped))
    }
}
