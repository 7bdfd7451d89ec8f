#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// open(2) and close(2) under names that methods called `open` and `close` cannot shadow.
enum POSIXCalls {
    static func openDescriptor(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
    static func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }
}
