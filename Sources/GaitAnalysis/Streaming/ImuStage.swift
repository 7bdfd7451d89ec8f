import Foundation
import GaitCore
import GaitSessionFiles

/// The per-sensor work for one IMU, run on that sensor's own queue: the orientation filter over
/// each block as it arrives, and the gaps in its times.
struct ImuStage: Sendable {
    private var filter: InclinationFilter
    private var lastTimeS: Double?
    private(set) var gaps: GapWatch
    /// A foot's events from its own motion (feet only).
    private var footEvents: FootEventDetector?

    init(sensorID: String, placement: Placement, rateHz: Double) {
        filter = InclinationFilter(sampleRateHz: rateHz)
        gaps = GapWatch(sensorID: sensorID, rateHz: rateHz)
        if case .foot(let side) = placement.segment { footEvents = FootEventDetector(side: side, rateHz: rateHz) }
    }

    /// Orientations of a block of samples (columns ax ay az gx gy gz [mx my mz]), and for a foot
    /// the stances its motion completed.
    mutating func process(_ block: SampleBlock) -> (samples: OrientedSamples, stances: [StancePhase]) {
        var stances: [StancePhase] = []
        var out = OrientedSamples()
        out.reserve(block.count)
        block.values.withUnsafeBufferPointer { values in
            for i in 0..<block.count {
                let b = i * block.valueCount, timeS = block.timesS[i]
                let a = Vector3(values[b], values[b + 1], values[b + 2])
                let w = Vector3(values[b + 3], values[b + 4], values[b + 5])
                _ = gaps.observe(timeS)
                // Over a gap the filter integrates across the whole step it is given.
                filter.update(gyroscopeRadPerS: w, accelerometerMps2: a, dtS: lastTimeS.map { timeS - $0 } ?? 1 / filter.sampleRateHz)
                lastTimeS = timeS
                out.timesS.append(timeS)
                out.accelerometerMps2.append(a)
                out.gyroscopeRadPerS.append(w)
                let orientation = filter.orientation
                out.orientations.append(orientation)
                if footEvents != nil {
                    stances += footEvents!.feed(timeS: timeS, gyroscopeRadPerS: w, orientation: orientation)
                }
            }
        }
        return (out, stances)
    }
}
