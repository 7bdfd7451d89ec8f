import Foundation
import GaitCore
import Testing

/// The rotation conventions of conventions.md, checked against hand-worked cases.
struct RotationConventionTests {
    let deg = Angle.radians(fromDegrees:)

    @Test func positiveRollAboutForwardLiftsTheLeftSide() {
        // Rx(+10°) maps the left axis (0,1,0) to (0, cos10°, sin10°): the left side goes up.
        let left = Quaternion.aboutX(deg(10)).rotate(.unitY)
        #expect(abs(left.z - sin(deg(10))) < 1e-12)
        #expect(abs(left.y - cos(deg(10))) < 1e-12)
    }

    @Test func positivePitchTipsTheNoseDown() {
        // Ry(+10°) maps forward (1,0,0) to (cos10°, 0, −sin10°).
        let forward = Quaternion.aboutY(deg(10)).rotate(.unitX)
        #expect(abs(forward.z + sin(deg(10))) < 1e-12)
    }

    @Test func compositionFollowsTheFrames() {
        // q_AC = q_AB * q_BC: rotate by 90° about z, then the child by 90° about its own x.
        let qAB = Quaternion.aboutZ(deg(90))
        let qBC = Quaternion.aboutX(deg(90))
        let vC = Vector3.unitY
        let direct = (qAB * qBC).rotate(vC)
        let stepwise = qAB.rotate(qBC.rotate(vC))
        #expect((direct - stepwise).norm < 1e-12)
        // By hand: C's y is B's z (Rx 90°), and B's z is A's z.
        #expect((direct - Vector3.unitZ).norm < 1e-12)
    }

    @Test func cardanZYXRoundTripsAndIsHeadingFree() {
        let angles = CardanZYX(yawRad: deg(40), pitchRad: deg(-25), rollRad: deg(12))
        let back = CardanZYX(angles.quaternion)
        #expect(abs(back.yawRad - angles.yawRad) < 1e-12)
        #expect(abs(back.pitchRad - angles.pitchRad) < 1e-12)
        #expect(abs(back.rollRad - angles.rollRad) < 1e-12)
        // Roll does not change when the heading does.
        let turned = CardanZYX(.aboutZ(deg(137)) * angles.quaternion)
        #expect(abs(turned.rollRad - angles.rollRad) < 1e-12)
        #expect(abs(turned.pitchRad - angles.pitchRad) < 1e-12)
    }

    @Test func cardanYXZRoundTrips() {
        let knee = CardanYXZ(yRotationRad: deg(70), xRotationRad: deg(-6), zRotationRad: deg(9))
        let back = CardanYXZ(knee.quaternion)
        #expect(abs(back.yRotationRad - knee.yRotationRad) < 1e-12)
        #expect(abs(back.xRotationRad - knee.xRotationRad) < 1e-12)
        #expect(abs(back.zRotationRad - knee.zRotationRad) < 1e-12)
    }

    @Test func groodSuntayAbductionIsIndependentOfFlexion() {
        // The distal end of a shank abducted by α lies Ls·sin α to the side in the thigh frame,
        // whatever the flexion: that is what makes the floating axis the abduction axis.
        for flexionDeg in [0.0, 30, 60, 90] {
            let q = CardanYXZ(yRotationRad: deg(flexionDeg), xRotationRad: deg(5), zRotationRad: deg(3)).quaternion
            let distal = q.rotate(Vector3(0, 0, -0.43))
            #expect(abs(distal.y - 0.43 * sin(deg(5))) < 1e-12)
        }
    }

    @Test func matrixAndQuaternionAgree() {
        let q = Quaternion(axis: Vector3(1, -2, 0.5), angleRad: 1.1)
        let v = Vector3(0.3, -0.7, 2)
        #expect((q.matrix * v - q.rotate(v)).norm < 1e-12)
        let back = Quaternion(matrix: q.matrix)
        #expect(back.angleRad(to: q) < 1e-9)
    }

    @Test func rotationVectorIsTheInverseOfTheExponential() {
        let r = Vector3(0.2, -0.4, 0.9)
        #expect((Quaternion(rotationVector: r).rotationVector - r).norm < 1e-12)
        #expect(Quaternion(rotationVector: .zero) == .identity)
    }

    @Test func slerpMovesAtConstantRate() {
        let a = Quaternion.aboutZ(0.2), b = Quaternion.aboutZ(1.0)
        let middle = Quaternion.slerp(a, b, fraction: 0.25)
        #expect(abs(CardanZYX(middle).yawRad - 0.4) < 1e-12)
    }
}
