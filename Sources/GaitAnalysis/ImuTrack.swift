import Foundation
import GaitCore

/// One IMU's samples with the filter's orientation at each, on the sensor's own clock.
public struct ImuTrack: Sendable {
    public let sensorID: String
    public let placement: Placement
    public let rateHz: Double
    public private(set) var timesS: [Double] = []
    public private(set) var accelerometerMps2: [Vector3] = []
    public private(set) var gyroscopeRadPerS: [Vector3] = []
    /// q_world←sensor from `InclinationFilter`, heading arbitrary.
    public private(set) var orientations: [Quaternion] = []
    private var filter: InclinationFilter

    public init(sensorID: String, placement: Placement, rateHz: Double) {
        self.sensorID = sensorID
        self.placement = placement
        self.rateHz = rateHz
        filter = InclinationFilter(sampleRateHz: rateHz)
    }

    /// Appends one sample; samples must come in time order.
    public mutating func append(timeS: Double, accelerometerMps2 a: Vector3, gyroscopeRadPerS w: Vector3) {
        let dt = timesS.last.map { timeS - $0 } ?? 1 / rateHz
        filter.update(gyroscopeRadPerS: w, accelerometerMps2: a, dtS: dt)
        timesS.append(timeS)
        accelerometerMps2.append(a)
        gyroscopeRadPerS.append(w)
        orientations.append(filter.orientation)
    }

    /// Puts the samples on another clock (the filter ran on the device's own time steps).
    public mutating func mapTimes(_ correction: ClockCorrection) {
        timesS = timesS.map(correction.referenceTime)
    }

    /// Index of the last sample at or before `t` (nil before the first).
    public func index(atOrBefore t: Double) -> Int? {
        var low = 0, high = timesS.count
        while low < high {
            let middle = (low + high) / 2
            if timesS[middle] <= t { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// Orientation at `t`, interpolated (slerp) between the neighbouring samples.
    public func orientation(at t: Double) -> Quaternion? {
        guard let i = index(atOrBefore: t) else { return nil }
        guard i + 1 < timesS.count else { return t - timesS[i] <= 1.5 / rateHz ? orientations[i] : nil }
        let span = timesS[i + 1] - timesS[i]
        // Across a gap there is nothing to interpolate from: say so rather than invent.
        if span > 1.5 / rateHz { return nil }
        return Quaternion.slerp(orientations[i], orientations[i + 1], fraction: (t - timesS[i]) / span)
    }
}
