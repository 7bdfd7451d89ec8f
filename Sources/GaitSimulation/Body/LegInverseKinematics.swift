import Foundation
import GaitCore

/// Places thigh and shank between a given hip and ankle.
///
/// The knee's abduction and axial rotation and the hip's axial rotation are inputs (they carry the
/// measures and the crosstalk the analysis must survive); hip flexion, hip adduction and knee
/// flexion follow from where the ankle must be. With R(pelvis←thigh) = Ry(β)·Rx(γ)·Rz(δ) and
/// R(thigh←shank) = Ry(φ)·Rx(α)·Rz(ρ) — the Grood–Suntay sequence of conventions.md — the ankle in
/// the thigh frame is (−Ls cosα sinφ, Ls sinα, −Lt − Ls cosα cosφ), whose length fixes φ in closed
/// form; γ then matches the lateral component and β the sagittal direction.
struct LegInverseKinematics: Sendable {
    let thighLengthM: Double
    let shankLengthM: Double

    struct Solution {
        var thigh: Pose
        var shank: Pose
        /// Hip–ankle distance over thigh + shank length; below 1 when the ankle was reachable.
        var reachRatio: Double
    }

    /// - Parameters:
    ///   - kneeXRotationRad: the raw x-rotation of the knee (side sign × anatomical abduction).
    ///   - kneeZRotationRad, hipZRotationRad: raw axial rotations of tibia and femur.
    func solve(pelvis: Pose, hipInPelvisM: Vector3, ankleWorldM: Vector3,
               kneeXRotationRad alpha: Double, kneeZRotationRad rho: Double,
               hipZRotationRad delta: Double) -> Solution {
        let lt = thighLengthM, ls = shankLengthM
        let hipWorld = pelvis.transform(hipInPelvisM)
        let u = pelvis.orientation.inverseRotate(ankleWorldM - hipWorld)   // hip → ankle, pelvis frame
        let distance = u.norm
        let cosPhi = (distance * distance - lt * lt - ls * ls) / (2 * lt * ls * cos(alpha))
        let phi = acos(min(1, max(-1, cosPhi)))                               // knee flexion ≥ 0
        let v = Vector3(-ls * cos(alpha) * sin(phi), ls * sin(alpha), -lt - ls * cos(alpha) * cos(phi))
        let w = Quaternion.aboutZ(delta).rotate(v)
        let radius = (w.y * w.y + w.z * w.z).squareRoot()
        let zeta = atan2(w.z, w.y)
        // The branch with γ near zero: a leg hanging down has ζ ≈ −π/2 and u_y ≈ 0.
        let gamma = remainder(-zeta - acos(min(1, max(-1, u.y / radius))), 2 * .pi)
        let r = Quaternion.aboutX(gamma).rotate(w)
        let beta = atan2(u.x, u.z) - atan2(r.x, r.z)
        let thighOrientation = pelvis.orientation * .aboutY(beta) * .aboutX(gamma) * .aboutZ(delta)
        let shankOrientation = thighOrientation * .aboutY(phi) * .aboutX(alpha) * .aboutZ(rho)
        let knee = hipWorld + thighOrientation.rotate(Vector3(0, 0, -lt))
        return Solution(
            thigh: Pose(positionM: hipWorld, orientation: thighOrientation),
            shank: Pose(positionM: knee, orientation: shankOrientation),
            reachRatio: distance / (lt + ls))
    }
}
