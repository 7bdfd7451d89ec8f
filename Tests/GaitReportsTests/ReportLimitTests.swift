import Foundation
import GaitReports
import Testing

/// Hostile report files: refused with a ReportInputError, in bounded time and memory.
struct ReportLimitTests {
    /// 100 000 `[` (and objects nested as deep): Foundation's parser refuses them; no stack overflow.
    @Test func deepNestingIsRefused() throws {
        let arrays = Data(String(repeating: "[", count: 100_000).utf8)
        let objects = Data((#"{"format":"gait-report/1","session":"# + String(repeating: #"{"a":"#, count: 100_000)).utf8)
        for data in [arrays, objects] {
            let error = try #require(ReportReaderErrorTests.error(data))
            #expect(error.file == "week3.json")
            #expect(error.problem.contains("not valid JSON"))
        }
    }

    /// A file over the size limit is refused after reading one byte past it, not decoded.
    @Test func oversizedFileIsRefusedBeforeDecoding() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gait-report-oversized-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        let chunk = Data(repeating: UInt8(ascii: " "), count: 1 << 20)
        for _ in 0..<(ReportReader.maxReportBytes >> 20) { try handle.write(contentsOf: chunk) }
        try handle.write(contentsOf: Data("{}".utf8))
        try handle.close()
        do {
            _ = try ReportReader.read(contentsOf: url.path)
            Issue.record("an oversized report was read")
        } catch {
            #expect(error.problem.contains("larger than 64 MiB"))
            #expect(error.description.contains("Fix: "))
        }
    }

    /// A folder given as the report: a clear error, as before the size limit was added.
    @Test func folderIsRefused() throws {
        do {
            _ = try ReportReader.read(contentsOf: FileManager.default.temporaryDirectory.path)
            Issue.record("a folder was read as a report")
        } catch {
            #expect(error.problem.contains("cannot be read"))
        }
    }
}
