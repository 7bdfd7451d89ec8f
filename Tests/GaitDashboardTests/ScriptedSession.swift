import GaitCore
import GaitDashboard
import GaitLive

/// A session without devices, for serving the live page in tests: it counts the markers it is
/// asked to set, so a test can tell whether a refused request reached it.
final class ScriptedSession: DashboardSession {
    private let markers = Locked<[LiveSession.Marker]>([])

    var elapsedS: Double { 12.5 }
    func deviceSnapshots() -> [DeviceSnapshot] { [] }

    func mark(_ label: String) -> LiveSession.Marker {
        let marker = LiveSession.Marker(t: elapsedS, label: label)
        markers.withLock { $0.append(marker) }
        return marker
    }

    var markersSet: [LiveSession.Marker] { markers.withLock { $0 } }
}
