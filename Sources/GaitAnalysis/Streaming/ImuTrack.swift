import Foundation
import GaitCore

/// A run of one IMU's samples with the filter's orientation at each: what the per-sensor stage
/// (`ImuStage`) hands to the engine.
public struct OrientedSamples: Sendable {
    public var timesS: [Double] = []
    public var accelerometerMps2: [Vector3] = []
    public var gyroscopeRadPerS: [Vector3] = []
    /// q_world←sensor from `InclinationFilter`, heading arbitrary.
    public var orientations: [Quaternion] = []

    public init() {}

    mutating func reserve(_ count: Int) {
        timesS.reserveCapacity(count)
        accelerometerMps2.reserveCapacity(count)
        gyroscopeRadPerS.reserveCapacity(count)
        orientations.reserveCapacity(count)
    }
}

/// The samples of one IMU the analysis still needs, with their orientations, on the session
/// clock: a window that grows at its end as samples arrive and is cut at its start once no
/// stride needs them (`discard(before:)`), so its memory is bounded by the look-back of the
/// analysis, not by the session's length.
public struct ImuTrack: Sendable {
    public let sensorID: String
    public let placement: Placement
    public let rateHz: Double
    public private(set) var timesS: [Double] = []
    public private(set) var accelerometerMps2: [Vector3] = []
    public private(set) var gyroscopeRadPerS: [Vector3] = []
    /// q_world←sensor from `InclinationFilter`, heading arbitrary.
    public private(set) var orientations: [Quaternion] = []
    /// A correction applied to every sample's time on arrival (a thigh on its shank's clock).
    private(set) var timeCorrection: ClockCorrection?

    public init(sensorID: String, placement: Placement, rateHz: Double) {
        self.sensorID = sensorID
        self.placement = placement
        self.rateHz = rateHz
    }

    /// Appends samples that follow the ones held, in time order.
    public mutating func append(_ samples: OrientedSamples) {
        if let timeCorrection {
            timesS.append(contentsOf: samples.timesS.lazy.map(timeCorrection.referenceTime))
        } else {
            timesS.append(contentsOf: samples.timesS)
        }
        accelerometerMps2.append(contentsOf: samples.accelerometerMps2)
        gyroscopeRadPerS.append(contentsOf: samples.gyroscopeRadPerS)
        orientations.append(contentsOf: samples.orientations)
    }

    /// Forgets the samples before `t`. The storage is compacted only once the forgotten part is
    /// the larger, so that each sample is moved at most about once (amortised O(1)).
    public mutating func discard(before t: Double) {
        let count = StrideMeasurer.inside(timesS, -Double.infinity...t).count
        guard count > 0, count >= timesS.count / 2 else { return }
        timesS.removeFirst(count)
        accelerometerMps2.removeFirst(count)
        gyroscopeRadPerS.removeFirst(count)
        orientations.removeFirst(count)
    }

    /// Puts the samples held, and every one that arrives later, on another clock (the filter ran
    /// on the device's own time steps; only where they are looked up changes).
    public mutating func mapTimes(_ correction: ClockCorrection) {
        timesS = timesS.map(correction.referenceTime)
        timeCorrection = correction
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
        // Most look-ups are at the sensor's own sample times.
        if timesS[i] == t { return orientations[i] }
        guard i + 1 < timesS.count else { return t - timesS[i] <= 1.5 / rateHz ? orientations[i] : nil }
        let span = timesS[i + 1] - timesS[i]
        // Across a gap there is nothing to interpolate from: say so rather than invent.
        if span > 1.5 / rateHz { return nil }
        return Quaternion.slerp(orientations[i], orientations[i + 1], fraction: (t - timesS[i]) / span)
    }
}
