/// The position and orientation of a frame in the world (lab) frame.
public struct Pose: Equatable, Sendable {
    /// Origin of the frame in world coordinates, metres.
    public var positionM: Vector3
    /// Orientation `q_world←frame` (see `Quaternion` for the convention).
    public var orientation: Quaternion

    public init(positionM: Vector3, orientation: Quaternion) {
        self.positionM = positionM
        self.orientation = orientation
    }

    public static let identity = Pose(positionM: .zero, orientation: .identity)

    /// World coordinates of a point given in this frame, metres.
    @inlinable public func transform(_ pointInFrameM: Vector3) -> Vector3 {
        positionM + orientation.rotate(pointInFrameM)
    }

    /// The pose of a child frame given relative to this one.
    @inlinable public func composed(with child: Pose) -> Pose {
        Pose(positionM: transform(child.positionM), orientation: orientation * child.orientation)
    }
}
