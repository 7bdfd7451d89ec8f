#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The host clock that TIME_SYNC pings carry and the session clock is taken from:
/// CLOCK_MONOTONIC in µs (never steps; the virtual node's clock runs on the same one).
public enum HostClock {
    public static func nowUs() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
