import Foundation

/// A value shared between threads, reached only through `withLock`.
///
/// Why not `Synchronization.Mutex`: on Linux it waits on a futex through the standard library's
/// own atomics, which ThreadSanitizer cannot see, so every access it protects is reported as a
/// race and the sanitizer run (the hardening issue) becomes useless. `NSLock` is a
/// `pthread_mutex_t`, which ThreadSanitizer understands.
///
/// `@unchecked Sendable`, and why that is safe: `value` is private and is read or written only
/// inside `withLock`, between `lock()` and `unlock()` of the one `NSLock`, so no two threads
/// touch it at once; `Value: Sendable` lets what `withLock` returns leave the lock.
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
