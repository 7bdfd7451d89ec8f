import GaitLive

/// What the live page needs of a session: the time since it started, each device's figures, and
/// a way to mark the present moment. `LiveSession` is the real one; the dashboard's tests serve a
/// small session of their own through the same seam, so the page's access rules are tested on a
/// real socket without sensor nodes.
public protocol DashboardSession: Sendable {
    /// Seconds since the session started.
    var elapsedS: Double { get }
    /// Each device's link and counts, in a fixed order.
    func deviceSnapshots() -> [DeviceSnapshot]
    /// Marks the present moment with `label`; the marker as stored.
    func mark(_ label: String) -> LiveSession.Marker
}

extension LiveSession: DashboardSession {
    public func deviceSnapshots() -> [DeviceSnapshot] { devices.map { $0.snapshot() } }
}
