import FuzzSupport
import Foundation
import GaitReports

/// One libFuzzer input: the bytes of a report JSON, decoded as `gait report` decodes it. Any
/// outcome but a `ReportDocument` or a `ReportInputError` (typed throws: the compiler checks the
/// latter) is a finding.
@main
enum FuzzReport {
    static func main() { runFuzzer(testOneInput) }
}

// Exported under libFuzzer's conventional name too: its runtime archive refers to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    do {
        _ = try ReportReader.decode(bytes, file: "fuzz.json")
    } catch {
        // ReportInputError: the expected rejection of bad input.
    }
    return 0
}
