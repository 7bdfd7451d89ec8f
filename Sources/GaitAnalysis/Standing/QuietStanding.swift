import Foundation
import GaitCore

/// The quiet-standing interval every measure is relative to: the one session.json declares, or
/// one found in the data.
public enum QuietStanding {
    /// Criteria for finding one: for at least `minimumS`, every IMU's angular speed, averaged over
    /// 0.5 s, below `gyroscopeThresholdRadPerS`, and its specific force steady (standard
    /// deviation of the magnitude below `accelerationSpreadMps2`) and near 1 g (within
    /// `accelerationToleranceMps2`, wide enough for real accelerometers' bias and scale errors).
    public static let gyroscopeThresholdRadPerS = Angle.radians(fromDegrees: 3)
    public static let accelerationSpreadMps2 = 0.15
    public static let accelerationToleranceMps2 = 1.0
    public static let minimumS = 2.0
    /// Trimmed from each end of a found interval, seconds (the start and end of a movement).
    public static let marginS = 0.25

    /// The longest interval of at least `minimumS` before `until` in which all tracks are still,
    /// or nil.
    public static func find(in tracks: [ImuTrack], until: Double = .infinity) -> (start: Double, end: Double)? {
        guard !tracks.isEmpty else { return nil }
        let binS = 0.05
        let start = tracks.map { $0.timesS.first ?? 0 }.max()!
        let end = min(tracks.map { $0.timesS.last ?? 0 }.min()!, until)
        guard end > start + minimumS else { return nil }
        let binCount = Int((end - start) / binS)
        var still = Array(repeating: true, count: binCount)
        for track in tracks {
            // Mean angular speed and specific force per bin.
            var gyroSum = Array(repeating: 0.0, count: binCount)
            var accelerationSum = Array(repeating: 0.0, count: binCount)
            var accelerationSquares = Array(repeating: 0.0, count: binCount)
            var count = Array(repeating: 0, count: binCount)
            for (i, t) in track.timesS.enumerated() {
                let bin = Int((t - start) / binS)
                guard bin >= 0 && bin < binCount else { continue }
                gyroSum[bin] += track.gyroscopeRadPerS[i].norm
                accelerationSum[bin] += track.accelerometerMps2[i].norm
                accelerationSquares[bin] += track.accelerometerMps2[i].norm * track.accelerometerMps2[i].norm
                count[bin] += 1
            }
            let window = 10                               // 0.5 s of bins
            for bin in 0..<binCount {
                let range = max(0, bin - window / 2)..<min(binCount, bin + window / 2)
                let n = range.reduce(0) { $0 + count[$1] }
                // Lost samples are missing data, not movement: they do not break stillness.
                guard n > 0 else { continue }
                let gyro = range.reduce(0) { $0 + gyroSum[$1] } / Double(n)
                let acceleration = range.reduce(0) { $0 + accelerationSum[$1] } / Double(n)
                let meanSquare = range.reduce(0) { $0 + accelerationSquares[$1] } / Double(n)
                let spread = max(meanSquare - acceleration * acceleration, 0).squareRoot()
                if gyro > gyroscopeThresholdRadPerS || spread > accelerationSpreadMps2
                    || abs(acceleration - standardGravityMps2) > accelerationToleranceMps2 {
                    still[bin] = false
                }
            }
        }
        var best: (start: Int, length: Int)?
        var runStart: Int?
        for bin in 0...binCount {
            if bin < binCount && still[bin] {
                if runStart == nil { runStart = bin }
            } else if let first = runStart {
                if (best?.length ?? 0) < bin - first { best = (first, bin - first) }
                runStart = nil
            }
        }
        guard let best, Double(best.length) * binS - 2 * marginS >= minimumS else { return nil }
        return (start + Double(best.start) * binS + marginS, start + Double(best.start + best.length) * binS - marginS)
    }
}
