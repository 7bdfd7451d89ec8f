import GaitCore

/// The column name of each IMU placement in an orientation table: the OpenSim body it rides on
/// plus `_imu`, the naming OpenSense's IMU placer looks up in a model (e.g. Rajagopal 2015:
/// `pelvis`, `femur_l`, `tibia_l`, `calcn_l`). The foot IMU sits on the shoe upper or heel
/// counter, which in those models is the calcaneus body.
public enum OpenSimNames {
    public static func imuColumn(_ placement: Placement) -> String {
        let body: String = switch placement.segment {
        case .pelvis: "pelvis"
        case .thigh(let side): "femur_\(side == .left ? "l" : "r")"
        case .shank(let side): "tibia_\(side == .left ? "l" : "r")"
        case .foot(let side): "calcn_\(side == .left ? "l" : "r")"
        }
        return body + "_imu"
    }
}
