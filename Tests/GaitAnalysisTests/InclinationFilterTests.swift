import Foundation
import GaitCore
import GaitSessionFiles
import GaitSimulation
import Testing
@testable import GaitAnalysis

/// The orientation filter's inclination against the simulator's true sensor orientation.
struct InclinationFilterTests {
    /// Angle between the true and the estimated direction of gravity in the sensor frame, degrees.
    static func inclinationErrorDeg(_ estimated: Quaternion, _ truth: Quaternion) -> Double {
        let a = estimated.inverseRotate(.unitZ), b = truth.inverseRotate(.unitZ)
        return Angle.degrees(fromRadians: atan2(a.cross(b).norm, a.dot(b)))
    }

    /// With error-free sensors, what remains is the filter's own handling of running's
    /// accelerations and impacts.
    @Test func inclinationOfPerfectSensorsIsAccurateThroughRunning() throws {
        var options = SimulatedSession.running(seed: 13)
        options.noiseScale = 0
        options.biasScale = 0
        options.biasDriftScale = 0
        options.scaleErrorPercent = 0
        options.accelerometerRangeG = 64
        options.gyroscopeRangeDps = 4000
        // What remains (about 0.3° at the feet) is stride-frequency acceleration leaking through
        // the 3 s low-pass.
        try checkInclination(options, rmseBelowDeg: 0.4)
    }

    /// With the default chip errors, the floor is set by the sensor: a 0.1 m/s² accelerometer
    /// bias alone tilts the apparent gravity by 0.6° (and cancels in measures taken relative to
    /// quiet standing).
    @Test(arguments: [UInt64(11), 12])
    func inclinationOfRealisticSensorsIsWithinWhatTheirErrorsAllow(seed: UInt64) throws {
        try checkInclination(SimulatedSession.running(seed: seed), rmseBelowDeg: 1.5)
    }

    func checkInclination(_ options: SimulationOptions, rmseBelowDeg limit: Double) throws {
        let session = try SimulatedSession(options)
        defer { session.removeFiles() }
        for placement in Placement.imuPlacements {
            let recording = try #require(session.recorded.recording(at: placement))
            let kinematics = session.simulator.kinematics(for: placement)
            var filter = InclinationFilter(sampleRateHz: recording.sensor.rateHz)
            var squaredSum = 0.0, count = 0, worst = 0.0
            for i in recording.timesS.indices {
                let sample = recording.sample(i)
                let base = sample.startIndex
                let dt = i == 0 ? 1 / recording.sensor.rateHz : recording.timesS[i] - recording.timesS[i - 1]
                filter.update(gyroscopeRadPerS: Vector3(sample[base + 3], sample[base + 4], sample[base + 5]),
                              accelerometerMps2: Vector3(sample[base], sample[base + 1], sample[base + 2]), dtS: dt)
                let t = session.trueTime(placement, fileTimeS: recording.timesS[i])
                guard t > 10 else { continue }                        // steady running
                let error = Self.inclinationErrorDeg(filter.orientation, kinematics.sensorPose(at: t).orientation)
                squaredSum += error * error
                count += 1
                worst = max(worst, error)
            }
            let rmse = (squaredSum / Double(count)).squareRoot()
            #expect(rmse < limit, "\(placement): inclination RMSE \(rmse)°, worst \(worst)°")
        }
    }
}
