import Dispatch
import Foundation
import GaitCore

/// What ends a live session: Ctrl-C (SIGINT) or SIGTERM, the duration asked for, every device's
/// link ending, or a file that can no longer be written.
public enum SessionEnd: Sendable, Equatable, CustomStringConvertible {
    case interrupted
    case durationReached
    case allDevicesEnded
    case writeFailed(String)

    public var description: String {
        switch self {
        case .interrupted: "stopped (Ctrl-C)"
        case .durationReached: "the duration asked for is reached"
        case .allDevicesEnded: "no device has sent anything for \(Int(SessionEnd.allDevicesGoneGraceS)) s"
        case .writeFailed(let why): "a file could not be written: \(why)"
        }
    }

    /// Waits for SIGINT or SIGTERM, at most `timeoutS`; true if one came (also one that came
    /// before, during the session).
    public static func waitForSignal(timeoutS: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeoutS)
        while Date() < deadline {
            if SignalWatch.shared.signalled { return true }
            usleep(20_000)
        }
        return false
    }

    /// How long every device's link must have been down for the session to end by itself, s:
    /// long enough to put back a cable or a USB hub.
    public static let allDevicesGoneGraceS = 10.0

    /// Waits for the session's end.
    public static func wait(for session: LiveSession, durationS: Double?) -> SessionEnd {
        let signals = SignalWatch.shared
        while true {
            if signals.signalled { return .interrupted }
            if let durationS, session.elapsedS >= durationS { return .durationReached }
            if session.allDevicesGone(forS: allDevicesGoneGraceS) { return .allDevicesEnded }
            if let failure = session.writeFailure { return .writeFailed(failure) }
            usleep(20_000)
        }
    }
}

/// SIGINT and SIGTERM, taken by Dispatch signal sources made once and kept for the life of the
/// process: their default action (ending the process) is off from the first use on, so that a
/// Ctrl-C, whenever it comes, ends the session through `stop` and the recording is always
/// closed properly. Made once because sources created, cancelled and made again for the same
/// signal were seen to miss the signal on Linux.
final class SignalWatch: Sendable {
    static let shared = SignalWatch()

    private let flag = Locked(false)
    /// Kept so the sources live as long as the process.
    private let sources: SourceBox

    /// `@unchecked Sendable`, and why that is safe: `sources` is an immutable `let`, set in
    /// `init` and never read again — it exists only to keep the sources alive.
    private final class SourceBox: @unchecked Sendable {
        let sources: [any DispatchSourceSignal]
        init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }
    }

    private init() {
        let flag = self.flag
        sources = SourceBox([SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { flag.withLock { $0 = true } }
            source.resume()
            return source
        })
    }

    var signalled: Bool { flag.withLock { $0 } }
}
