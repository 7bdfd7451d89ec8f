import Foundation

/// Runs blocking work (a socket exchange, Chromium, the server's blocking start and stop) on a
/// thread of its own while the calling task waits suspended. Swift Testing runs tests on the
/// cooperative thread pool, which the server's own tasks need too: with every pool thread
/// blocked in a test (two on a 2-core machine), the server could not answer and the tests hung.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
