import Foundation
import GaitReports
import Testing

/// Inputs the fuzzer (`scripts/fuzz FuzzReport`) reported, kept so that they stay handled: each
/// must be refused with a ReportInputError naming the file, quickly.
struct FuzzRegressionTests {
    static let folder = ReportFixtures.folder.appendingPathComponent("fuzz")

    /// A mutated report (7.7 KB, a key without its ':' in `calibration`) that timed out (> 10 s)
    /// once while the fuzzer ran at the lowest priority on a loaded machine; rerun alone it takes
    /// ~20 ms under AddressSanitizer, so it was the machine, not the parser. Kept as a guard.
    @Test(.timeLimit(.minutes(1))) func reportTimeout29b4f2a3() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("report-timeout-29b4f2a3.json"))
        let started = ContinuousClock.now
        let error = try #require(ReportReaderErrorTests.error(data))
        #expect(error.file == "week3.json")
        #expect(error.problem.contains("not valid JSON"))
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
