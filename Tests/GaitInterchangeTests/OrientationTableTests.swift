import Foundation
import GaitCore
import GaitInterchange
import GaitSessionFiles
import GaitSimulation
import XCTest

/// The orientation tables read back by the test's own parsers, every number against the
/// simulator's truth: each IMU's (or segment's) true direction of gravity at the row's time.
final class OrientationTableTests: XCTestCase {
    /// Rows before this are left out of the accuracy figures, seconds: the filter starts from the
    /// identity and levels itself with its 3 s accelerometer time constant.
    static let settledAfterS = 4.0

    func testSensorFrameStoAgainstTruthAndGapsLeftEmpty() throws {
        var options = SimulatedSession.running(seed: 71, gaitS: 8)
        options.placements = [.pelvis, .leftShank, .rightFoot]
        options.dropoutsPerMinute = 12
        options.dropoutMeanMs = 60
        let session = try SimulatedSession(options)
        defer { session.removeFiles() }
        let url = session.scratch.appendingPathComponent("orientations.sto")
        let summary = try OrientationExport.write(session: session.folder, to: url, format: .sto, frame: .sensor)
        let sto = try ParsedSto(String(contentsOf: url, encoding: .utf8))
        let recorded = try RecordedSession.read(from: session.folder)

        XCTAssertEqual(sto.header["DataType"], "Quaternion")
        XCTAssertEqual(Double(sto.header["DataRate"] ?? ""), 200)
        XCTAssertEqual(sto.header["gait_frame"], "sensor")
        XCTAssertEqual(sto.columns, ["pelvis_imu", "tibia_l_imu", "calcn_r_imu"])
        XCTAssertEqual(sto.rows.count, summary.rows)
        // Rows every 1/200 s (k / 200 exactly), over the span every IMU covers (their clocks differ).
        for (i, t) in sto.timesS.enumerated() { XCTAssertEqual(t, sto.timesS[0] + Double(i) / 200, accuracy: 1e-6) }
        let latestFirst = recorded.recordings.map { $0.timesS.first! }.max()!
        let earliestLast = recorded.recordings.map { $0.timesS.last! }.min()!
        XCTAssertTrue(sto.timesS.first! >= latestFirst && sto.timesS.first! < latestFirst + 1.0 / 200)
        XCTAssertTrue(sto.timesS.last! <= earliestLast && sto.timesS.last! > earliestLast - 1.0 / 200)

        let placements: [Placement] = [.pelvis, .leftShank, .rightFoot]
        for (c, placement) in placements.enumerated() {
            // Gaps: a cell is empty exactly when its row falls between the samples either side of
            // a run of lost samples (the truth's runs are on the session clock, rows on the device's).
            let lost = session.truth.sensors.first { $0.placement == placement }!.lostIntervals
            XCTAssertFalse(lost.isEmpty, "the simulator lost no \(placement.rawValue) samples; the test needs some")
            let clock = session.simulator.clock(for: placement)
            let gaps = lost.map { interval in
                (clock.deviceTime(atSessionTime: interval.start) - 1 / options.imuRateHz)...(clock.deviceTime(atSessionTime: interval.end) + 1 / options.imuRateHz)
            }
            let kinematics = session.simulator.kinematics(for: placement)
            var squared = 0.0, count = 0, worst = 0.0
            for (i, t) in sto.timesS.enumerated() {
                let cell = sto.rows[i][c]
                let inGap = gaps.contains { $0.lowerBound + 1e-6 < t && t < $0.upperBound - 1e-6 }
                XCTAssertEqual(cell[0].isNaN, inGap, "\(placement.rawValue) at \(t) s")
                guard !cell[0].isNaN, t >= Self.settledAfterS else { continue }
                let q = Quaternion(w: cell[0], x: cell[1], y: cell[2], z: cell[3])
                XCTAssertEqual(q.norm, 1, accuracy: 1e-6)
                let truth = kinematics.sensorPose(at: session.trueTime(placement, fileTimeS: t)).orientation
                let error = angleDeg(q.inverseRotate(.unitZ), truth.inverseRotate(.unitZ))
                squared += error * error
                count += 1
                worst = max(worst, error)
            }
            let rmse = (squared / Double(count)).squareRoot()
            // The benchmark's figures for this filter are 0.7–1.2° RMSE per placement (README).
            XCTAssertLessThan(rmse, 2.0, "\(placement.rawValue): inclination RMSE \(rmse)°")
            XCTAssertLessThan(worst, 6.0, "\(placement.rawValue): worst inclination error \(worst)°")
        }
    }

    func testSegmentFrameCsvAgainstTruth() throws {
        let session = try SharedSessions.allSensors.get()
        let url = session.scratch.appendingPathComponent("segments.csv")
        let summary = try OrientationExport.write(session: session.folder, to: url, format: .csv, frame: .segment, rateHz: 100,
                                                  analysis: try SharedSessions.allSensorsAnalysis.get())
        XCTAssertEqual(summary.omitted, [])
        let csv = try ParsedOrientationCsv(String(contentsOf: url, encoding: .utf8))
        XCTAssertEqual(csv.columns, ["pelvis_imu", "femur_l_imu", "femur_r_imu", "tibia_l_imu", "tibia_r_imu", "calcn_l_imu", "calcn_r_imu"])
        let placements: [Placement] = [.pelvis, .leftThigh, .rightThigh, .leftShank, .rightShank, .leftFoot, .rightFoot]
        for (i, t) in csv.timesS.enumerated() { XCTAssertEqual(t, csv.timesS[0] + Double(i) / 100, accuracy: 1e-6) }

        for (c, placement) in placements.enumerated() {
            var squared = 0.0, count = 0
            for (i, t) in csv.timesS.enumerated() where t >= Self.settledAfterS {
                let cell = csv.rows[i][c]
                let q = Quaternion(w: cell[0], x: cell[1], y: cell[2], z: cell[3])
                // The segment's true orientation, q_world←segment (the strap is what calibration removes).
                let truth = session.simulator.body.pose(of: placement.segment, at: session.trueTime(placement, fileTimeS: t)).orientation
                let error = angleDeg(q.inverseRotate(.unitZ), truth.inverseRotate(.unitZ))
                squared += error * error
                count += 1
            }
            let rmse = (squared / Double(count)).squareRoot()
            // A segment's inclination adds the calibration's errors to the filter's: the vertical
            // from standing, and the flexion axis's angle ψ about that vertical, which shows as
            // an inclination error of about ψ·sin(pitch) when the segment pitches (a shank in
            // swing, 60–90°). Measured 2.7–2.8° for thighs and shanks, ≤ 1.5° elsewhere.
            XCTAssertLessThan(rmse, placement.segment == .pelvis || placement.segment == .foot(.left) || placement.segment == .foot(.right) ? 2.0 : 3.5,
                              "\(placement.rawValue): segment inclination RMSE \(rmse)°")
        }
    }
}
