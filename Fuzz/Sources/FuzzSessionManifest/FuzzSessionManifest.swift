import FuzzSupport
import GaitSessionFiles

/// One libFuzzer input: the bytes of a session.json. Any outcome but a `SessionManifest` or a
/// `SessionFileError` (a crash, a trap, a hang, another error type) is a finding.
@main
enum FuzzSessionManifest {
    static func main() { runFuzzer(testOneInput) }
}

// Exported under libFuzzer's conventional name too: its runtime archive refers to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        _ = try SessionManifest.decode(bytes)
    } catch is SessionFileError {
        // The expected rejection of bad input.
    } catch {
        fatalError("session.json rejected with an error that is not a SessionFileError: \(error)")
    }
    return 0
}
