import Foundation
import FuzzSupport
import GaitInterchange
import GaitSessionFiles

/// One libFuzzer input: the bytes of a `gait import` mapping file (docs/import-mapping.md). Any
/// outcome but an `ImportMapping` or a `SessionFileError` (a crash, a trap, a hang, another error
/// type) is a finding.
@main
enum FuzzImportMapping {
    static func main() { runFuzzer(testOneInput) }
}

// Exported under libFuzzer's conventional name too: its runtime archive refers to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Data(UnsafeBufferPointer(start: $0, count: size)) } ?? Data()
    do {
        _ = try ImportMapping.decode(bytes, file: "mapping.json")
    } catch is SessionFileError {
        // The expected rejection of bad input.
    } catch {
        fatalError("mapping rejected with an error that is not a SessionFileError: \(error)")
    }
    return 0
}
