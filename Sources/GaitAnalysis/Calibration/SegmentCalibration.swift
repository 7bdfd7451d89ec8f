import Foundation
import GaitCore

/// How one IMU sits on its segment, found from the session itself (conventions.md, "Frames"):
/// the vertical from quiet standing, the medio-lateral (flexion) axis of thighs, shanks and feet
/// from gait as the principal axis of angular velocity, the direction of travel for the pelvis
/// from the braking of early stance.
public struct SegmentCalibration: Sendable {
    public let sensorID: String
    public let placement: Placement
    /// q_sensor←segment: segment axes expressed in the sensor frame.
    public let sensorToSegment: Quaternion
    /// `standing+functional` (leg segments, foot) or `standing+travel` (pelvis).
    public let method: String
    /// Angle between the nominal mounting (sensor axes = segment axes) and the one found, degrees.
    public var misalignmentDeg: Double { Angle.degrees(fromRadians: sensorToSegment.angleRad) }
    /// 0…1: how clearly the data defined the axes (see `note`).
    public let quality: Double
    public let note: String

    /// Orientation of the segment, q_world←segment, from the sensor's q_world←sensor.
    public func segmentOrientation(_ sensorOrientation: Quaternion) -> Quaternion {
        sensorOrientation * sensorToSegment
    }
}

/// Builds `SegmentCalibration`s.
public enum SegmentCalibrator {
    /// Samples slower than this are left out of the principal-axis fit, rad/s: quiet moments
    /// carry only noise and bias.
    static let minimumAngularSpeedRadPerS = 0.5

    /// The segment's up axis in the sensor frame: the mean specific force over quiet standing.
    static func upAxis(_ track: ImuTrack, standing: (start: Double, end: Double)) -> Vector3? {
        var sum = Vector3.zero
        var count = 0
        for (i, t) in track.timesS.enumerated() where t >= standing.start && t <= standing.end {
            sum += track.accelerometerMps2[i]
            count += 1
        }
        return count > 0 ? (sum / Double(count)).normalized : nil
    }

    /// The principal axis of the segment's angular velocity over gait, sensor frame, with the
    /// share of the variance about it; nil with too little motion.
    static func principalAxis(_ track: ImuTrack, gait: ClosedRange<Double>,
                              only windows: [ClosedRange<Double>]? = nil) -> (axis: Vector3, share: Double, samples: Int)? {
        var scatter = Matrix3(rows: .zero, .zero, .zero)
        var samples = 0
        var window = 0
        for (i, t) in track.timesS.enumerated() where gait.contains(t) {
            if let windows {
                while window < windows.count && windows[window].upperBound < t { window += 1 }
                guard window < windows.count, windows[window].contains(t) else { continue }
            }
            let w = track.gyroscopeRadPerS[i]
            guard w.norm > minimumAngularSpeedRadPerS else { continue }
            for r in 0..<3 { for c in 0..<3 { scatter[r, c] += w[r] * w[c] } }
            samples += 1
        }
        guard samples > 100 else { return nil }
        let eigen = SymmetricEigen(scatter)
        return (eigen.vectors[0], eigen.values[0] / max(eigen.values.reduce(0, +), 1e-12), samples)
    }

    /// Calibrates a thigh, shank or foot. `flexionAxis` (sensor frame), when given, comes from a
    /// joint constraint with the neighbouring segment; otherwise the principal axis is used.
    ///
    /// A foot's axis is taken from its stances only (`stances`, sorted windows): rolling over heel,
    /// ankle and ball it turns about its own flexion axis, while in swing it is carried by the
    /// shank, whose rotations about other axes would bias the fit.
    static func calibrateFlexingSegment(_ track: ImuTrack, standing: (start: Double, end: Double),
                                        gait: ClosedRange<Double>, flexionAxis: (axis: Vector3, method: String)? = nil,
                                        stances: [ClosedRange<Double>]? = nil) -> SegmentCalibration? {
        guard let z = upAxis(track, standing: standing) else { return nil }
        guard let fit = principalAxis(track, gait: gait, only: stances) else { return nil }
        let principal = flexionAxis?.axis ?? fit.axis
        let samples = fit.samples
        var y = (principal - principal.dot(z) * z).normalized
        // Flexion-extension must dominate the segment's rotation, about an axis near horizontal.
        let planarity = fit.share
        let horizontality = (1 - abs(principal.dot(z))).clamped(to: 0...1)
        // Sign: y must point to the subject's left. In running and walking the hip flexes further
        // than it extends, the knee folds the shank back in swing further than it tilts forward,
        // and the foot plantarflexes further than it dorsiflexes: so the extreme pitch excursion
        // from standing is negative for a thigh and positive for a shank or foot.
        let expectedSign: Double = { if case .thigh = track.placement.segment { return -1 } else { return 1 } }()
        if extremePitchSign(track, z: z, y: y, gait: gait) != expectedSign { y = -y }
        let x = y.cross(z)
        let rotation = Quaternion(matrix: Matrix3(columns: x, y, z))
        return SegmentCalibration(
            sensorID: track.sensorID, placement: track.placement, sensorToSegment: rotation,
            method: "standing+functional", quality: planarity * horizontality,
            note: String(format: "vertical from quiet standing; flexion axis %@ (%d gait samples, %.0f %% of the angular-velocity variance about the principal axis)",
                         (flexionAxis?.method ?? (stances == nil ? "as the principal axis of angular velocity" : "as the principal axis of angular velocity in stance")) as NSString, samples, 100 * planarity))
    }

    /// The sign of the pitch excursion from standing that is largest in magnitude during gait.
    static func extremePitchSign(_ track: ImuTrack, z: Vector3, y: Vector3, gait: ClosedRange<Double>) -> Double {
        let candidate = Quaternion(matrix: Matrix3(columns: y.cross(z), y, z))
        var lowest = Double.infinity, highest = -Double.infinity
        for (i, t) in track.timesS.enumerated() where gait.contains(t) {
            let pitch = CardanZYX(track.orientations[i] * candidate).pitchRad
            lowest = min(lowest, pitch)
            highest = max(highest, pitch)
        }
        return abs(highest) >= abs(lowest) ? 1 : -1
    }

    /// Calibrates the pelvis: forward is where the body is braked in the first 30 % of each stance
    /// (the ground pushes it back after every contact, whichever foot).
    static func calibratePelvis(_ track: ImuTrack, standing: (start: Double, end: Double),
                                stances: [StancePhase]) -> SegmentCalibration? {
        guard let z = upAxis(track, standing: standing), stances.count >= 4 else { return nil }
        // The braking direction in the filter's world frame (its heading drifts only slowly).
        var brakingWorld = Vector3.zero
        var magnitudeSum = 0.0
        var windows: [ClosedRange<Double>] = []
        for stance in stances {
            let window = stance.initialContactS...(stance.initialContactS + 0.3 * stance.stanceS)
            windows.append(window)
            var sum = Vector3.zero
            var count = 0
            for i in indices(of: track, in: window) {
                var force = track.orientations[i].rotate(track.accelerometerMps2[i])
                force.z = 0
                sum += force
                count += 1
            }
            guard count > 0 else { continue }
            brakingWorld += sum / Double(count)
            magnitudeSum += (sum / Double(count)).norm
        }
        guard brakingWorld.norm > 0 else { return nil }
        let forwardWorld = -brakingWorld.normalized
        // The same direction, seen from the sensor over the same moments.
        var forwardSensor = Vector3.zero
        for window in windows {
            for i in indices(of: track, in: window) { forwardSensor += track.orientations[i].inverseRotate(forwardWorld) }
        }
        let x = (forwardSensor - forwardSensor.dot(z) * z).normalized
        let y = z.cross(x)
        // Consistency of the braking direction from stance to stance.
        let consistency = brakingWorld.norm / max(magnitudeSum, 1e-12)
        return SegmentCalibration(
            sensorID: track.sensorID, placement: track.placement,
            sensorToSegment: Quaternion(matrix: Matrix3(columns: x, y, z)),
            method: "standing+travel", quality: consistency,
            note: String(format: "vertical from quiet standing; direction of travel from the braking of %d stances (%.0f %% consistent)",
                         stances.count, 100 * consistency))
    }

    /// The indices of a track's samples that lie in `window`.
    static func indices(of track: ImuTrack, in window: ClosedRange<Double>) -> Range<Int> {
        StrideMeasurer.inside(track.timesS, window)
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
