import Foundation
import GaitAnalysis
import GaitCore
import GaitSessionFiles

/// Several IMUs' orientations, each on its own rate and clock, put on one time base: rows at
/// t = k / `rateHz` (session clock, seconds) over the span every sensor covers (from the latest
/// first sample to the earliest last sample), each sensor's orientation at t interpolated by slerp
/// between its two samples either side. Across a gap in a sensor's samples (a step longer than
/// 1.5 of its nominal periods) nothing is invented: the cell is nil.
///
/// Streams: one sample of each sensor ahead is held, so memory does not grow with the session.
public struct OrientationResampler {
    /// One input: a sensor's orientation stream, and a rotation applied on the right of each of its
    /// orientations (q_sensor←segment gives the segment's orientation; identity keeps the sensor's).
    public struct Input {
        public var stream: SensorOrientationStream
        public var rightFactor: Quaternion

        public init(stream: SensorOrientationStream, rightFactor: Quaternion = .identity) {
            self.stream = stream
            self.rightFactor = rightFactor
        }
    }

    public let rateHz: Double
    private var inputs: [Input]
    /// Per input: the last sample before the row's time, and the first at or after it.
    private var before: [(timeS: Double, orientation: Quaternion)?]
    private var after: [(timeS: Double, orientation: Quaternion)?]
    private var nextIndex: Int?

    /// - Throws: `SessionFileError` from reading the first sample of each sensor.
    public init(inputs: [Input], rateHz: Double) throws {
        self.rateHz = rateHz
        self.inputs = inputs
        before = Array(repeating: nil, count: inputs.count)
        after = []
        for i in inputs.indices { after.append(try self.inputs[i].stream.next()) }
        if !after.isEmpty, after.allSatisfy({ $0 != nil }) {
            let start = after.map { $0!.timeS }.max()!
            nextIndex = Int((start * rateHz - 1e-9).rounded(.up))
        }
    }

    /// The next row: its time, and each input's orientation (nil across a gap); nil when a sensor
    /// has ended (or there were no sensors).
    /// - Throws: `SessionFileError` naming the file and line of bad input.
    public mutating func nextRow() throws -> (timeS: Double, orientations: [Quaternion?])? {
        guard let k = nextIndex else { return nil }
        let t = Double(k) / rateHz
        var row: [Quaternion?] = []
        for i in inputs.indices {
            while let a = after[i], a.timeS < t {
                before[i] = a
                after[i] = try inputs[i].stream.next()
            }
            guard let a = after[i] else {
                nextIndex = nil
                return nil
            }
            let q: Quaternion?
            if a.timeS == t {
                q = a.orientation
            } else if let b = before[i], a.timeS - b.timeS <= 1.5 / inputs[i].stream.sensor.rateHz {
                q = Quaternion.slerp(b.orientation, a.orientation, fraction: (t - b.timeS) / (a.timeS - b.timeS))
            } else {
                q = nil
            }
            row.append(q.map { ($0 * inputs[i].rightFactor).normalized })
        }
        nextIndex = k + 1
        return (t, row)
    }
}
