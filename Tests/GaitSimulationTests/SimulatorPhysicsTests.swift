import Foundation
import GaitCore
import Testing
@testable import GaitSimulation

/// The simulator's signals follow from its motion, checked against numbers worked by hand.
struct SimulatorPhysicsTests {
    /// Error-free sensors, so the checks see the motion and nothing else.
    static func idealOptions(activity: SimulationOptions.Activity = .run) -> SimulationOptions {
        var options = SimulationOptions()
        options.activity = activity
        options.gaitS = 10
        options.standingS = 4
        options.noiseScale = 0
        options.biasScale = 0
        options.biasDriftScale = 0
        options.scaleErrorPercent = 0
        options.softTissueScale = 0
        return options
    }

    @Test func standingReadsGravityOnTheSegmentUpAxis() throws {
        var options = Self.idealOptions()
        options.maxMountingDeg = 0
        let simulator = try SessionSimulator(options: options)
        for placement in Placement.imuPlacements {
            let kinematics = simulator.kinematics(for: placement)
            for t in stride(from: 0.5, to: 3.5, by: 0.25) {
                let signals = kinematics.signals(at: t)
                // Sway is a few tenths of a degree at 0.2 Hz: gravity tilts by < 0.1 m/s².
                #expect(abs(signals.specificForceMps2.z - 9.81) < 0.01, "\(placement) at \(t) s")
                #expect(abs(signals.specificForceMps2.x) < 0.1 && abs(signals.specificForceMps2.y) < 0.1)
                #expect(signals.angularVelocityRadPerS.norm < 0.02)
            }
        }
    }

    @Test func aMisalignedSensorReadsGravityThroughItsStrapRotation() throws {
        let simulator = try SessionSimulator(options: Self.idealOptions())
        for placement in Placement.imuPlacements {
            let mounting = simulator.mounting(for: placement)
            #expect(mounting.misalignmentDeg <= 35)
            let measured = simulator.kinematics(for: placement).signals(at: 1.0).specificForceMps2
            // By hand: f = R_mountᵀ · (0, 0, 9.81) for a segment standing level.
            let expected = mounting.rotation.inverseRotate(Vector3(0, 0, 9.81))
            #expect((measured - expected).norm < 0.1, "\(placement)")
        }
    }

    @Test func theStanceFootMovesWithTheBelt() throws {
        for strike in SimulationOptions.StrikePattern.allCases {
            var options = Self.idealOptions()
            options.strike = strike
            options.speedMps = 3.4
            let simulator = try SessionSimulator(options: options)
            let dimensions = simulator.body.dimensions
            let stances = simulator.body.stances.filter { $0.initialContactS > 7 && $0.toeOffS < 13 }
            #expect(stances.count >= 10)
            for stance in stances {
                let side = stance.side
                // Heel-strikers and midfoot-strikers pivot on the heel until the heel lifts; forefoot
                // strikers on the ball until the foot is flat. Either way the pivot rides the belt.
                let flat = stance.fraction(0.25), heelOff = stance.fraction(0.45)
                let h = 1e-4
                for t in stride(from: flat, through: heelOff, by: 0.01) {
                    let before = simulator.body.pose(of: .foot(side), at: t - h).transform(dimensions.heelInFoot)
                    let after = simulator.body.pose(of: .foot(side), at: t + h).transform(dimensions.heelInFoot)
                    let velocity = (after - before) / (2 * h)
                    #expect(abs(velocity.x + 3.4) < 1e-4 && abs(velocity.y) < 1e-4 && abs(velocity.z) < 1e-4,
                            "\(strike) \(side) at \(t): heel moves at \(velocity)")
                    #expect(abs(before.z) < 1e-9, "the heel is on the belt")
                }
                // After heel-off the ball of the foot is the pivot, still on the belt at belt speed.
                let t = stance.fraction(0.8)
                let before = simulator.body.pose(of: .foot(side), at: t - h).transform(dimensions.ballInFoot)
                let after = simulator.body.pose(of: .foot(side), at: t + h).transform(dimensions.ballInFoot)
                #expect(abs((after - before).x / (2 * h) + 3.4) < 1e-4)
                #expect(abs(before.z) < 1e-9)
            }
        }
    }

    @Test func integratingTheGyroscopeReproducesTheOrientation() throws {
        let simulator = try SessionSimulator(options: Self.idealOptions())
        for placement in Placement.imuPlacements {
            let kinematics = simulator.kinematics(for: placement)
            // One full stride of running, integrated with the midpoint rule at 2 kHz.
            let start = 9.0, end = 9.75, dt = 0.0005
            var q = kinematics.sensorPose(at: start).orientation
            var t = start
            while t < end - dt / 2 {
                let omega = kinematics.signals(at: t + dt / 2).angularVelocityRadPerS
                q = (q * Quaternion(rotationVector: omega * dt)).normalized
                t += dt
            }
            let truth = kinematics.sensorPose(at: end).orientation
            let errorDeg = Angle.degrees(fromRadians: q.angleRad(to: truth))
            #expect(errorDeg < 0.05, "\(placement): integrated gyro is \(errorDeg)° off after one stride")
        }
    }

    @Test func integratingTheAccelerometerReproducesTheVelocity() throws {
        let simulator = try SessionSimulator(options: Self.idealOptions())
        let kinematics = simulator.kinematics(for: .leftShank)
        // v(end) − v(start) = ∫ (R f + g) dt over a stride, with the midpoint rule at 2 kHz.
        let start = 9.0, end = 9.75, dt = 0.0005
        var deltaV = Vector3.zero
        var t = start
        while t < end - dt / 2 {
            let signals = kinematics.signals(at: t + dt / 2)
            deltaV += (signals.orientation.rotate(signals.specificForceMps2) + Vector3(0, 0, -9.81)) * dt
            t += dt
        }
        func velocity(_ t: Double) -> Vector3 {
            (kinematics.sensorPose(at: t + 1e-4).positionM - kinematics.sensorPose(at: t - 1e-4).positionM) / 2e-4
        }
        #expect((deltaV - (velocity(end) - velocity(start))).norm < 0.01)
    }

    @Test func legsStayWithinReachInEveryGaitAndStrike() throws {
        for activity in [SimulationOptions.Activity.run, .walk] {
            for strike in SimulationOptions.StrikePattern.allCases {
                for (height, speed) in [(1.55, activity == .run ? 2.2 : 0.9), (1.95, activity == .run ? 5.0 : 1.8)] {
                    var options = Self.idealOptions(activity: activity)
                    options.strike = strike
                    options.heightM = height
                    options.speedMps = speed
                    options.seed = 7
                    let body = BodyMotion(options: options)
                    var worst = 0.0
                    for t in stride(from: 4.0, to: 16, by: 0.002) {
                        worst = max(worst, body.reachRatio(.left, at: t), body.reachRatio(.right, at: t))
                    }
                    #expect(worst <= GaitKinematics.maximumReachRatio + 1e-3,
                            "\(activity) \(strike) \(height) m \(speed) m/s: leg stretched to \(worst)")
                }
            }
        }
    }

    @Test func impactsAndSwingAreInTheRangeRunnersShow() throws {
        var options = Self.idealOptions()
        options.maxMountingDeg = 0
        options.softTissueScale = 1
        let simulator = try SessionSimulator(options: options)
        func peaks(_ placement: Placement) -> (accelerationG: Double, gyroDps: Double) {
            let kinematics = simulator.kinematics(for: placement)
            var acceleration = 0.0, gyro = 0.0
            for t in stride(from: 8.0, to: 14, by: 0.001) {
                let signals = kinematics.signals(at: t)
                acceleration = max(acceleration, signals.specificForceMps2.norm / 9.81)
                gyro = max(gyro, Angle.degrees(fromRadians: signals.angularVelocityRadPerS.norm))
            }
            return (acceleration, gyro)
        }
        // Running at 3 m/s: peak tibial acceleration ~5–12 g; a shoe-mounted IMU sees 10–20 g at
        // heel strike (so a ±16 g chip saturates now and then); foot angular velocity ≤ ~1500 °/s.
        let shank = peaks(.leftShank), foot = peaks(.leftFoot), pelvis = peaks(.pelvis), thigh = peaks(.leftThigh)
        #expect((3...16).contains(shank.accelerationG), "shank \(shank)")
        #expect((8...24).contains(foot.accelerationG), "foot \(foot)")
        #expect(pelvis.accelerationG < 6, "pelvis \(pelvis)")
        #expect(thigh.accelerationG < 16, "thigh \(thigh)")          // below full scale
        #expect((400...1800).contains(foot.gyroDps), "foot \(foot)")
        #expect((300...1500).contains(thigh.gyroDps), "thigh \(thigh)")
    }
}
