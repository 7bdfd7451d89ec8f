import Foundation
import GaitReports
import Testing

/// The CSV has one row per stride with every field, RFC 4180 quoting, values equal to the JSON.
struct StrideCSVTests {
    /// An RFC 4180 reader written for the test: quoted fields, doubled quotes, CRLF records.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, wasQuoted = false
        var chars = Array(text)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(ch) }
            } else if ch == "\"" && field.isEmpty && !wasQuoted {
                quoted = true; wasQuoted = true
            } else if ch == "," {
                record.append(field); field = ""; wasQuoted = false
            } else if ch == "\r\n" || ch == "\n" {
                record.append(field); records.append(record); record = []; field = ""; wasQuoted = false
            } else { field.append(ch) }
        }
        return records
    }

    @Test func everyStrideEveryField() throws {
        let data = try ReportFixtures.data("run-pathological")
        let csv = StrideCSV.text(try ReportReader.decode(data, file: "r.json"))
        #expect(csv.hasSuffix("\r\n"))
        let rows = Self.parse(csv)
        let strides = try ReportFixtures.tree(data)["strides"] as! [[String: Any]]
        #expect(rows.count == strides.count + 1)
        let header = rows[0]
        // Every key of a stride in the JSON is a column.
        #expect(Set(header) == Set(strides[0].keys))
        for (row, stride) in zip(rows.dropFirst(), strides) {
            #expect(row.count == header.count)
            for (column, field) in zip(header, row) {
                switch stride[column] {
                case is NSNull: #expect(field == "", "\(column)")
                case let flags as [String]: #expect(field == flags.joined(separator: ";"))
                case let text as String: #expect(field == text)
                case let number as NSNumber: #expect(Double(field) == number.doubleValue, "\(column): \(field) vs \(number)")
                default: Issue.record("unexpected \(column)")
                }
            }
        }
    }

    @Test func quotesFieldsThatNeedIt() throws {
        var tree = try ReportFixtures.tree(ReportFixtures.data("run-pathological"))
        var strides = tree["strides"] as! [[String: Any]]
        strides[0]["eventSource"] = "insole, \"left\"\nre-detected"
        strides[0]["flags"] = ["pelvicDrop", "peakEversion"]
        strides[0]["pronationDeg"] = NSNull()
        tree["strides"] = strides
        let document = try ReportReader.decode(JSONSerialization.data(withJSONObject: tree), file: "r.json")
        let csv = StrideCSV.text(document)
        #expect(csv.contains(",\"insole, \"\"left\"\"\nre-detected\","))
        let row = Self.parse(csv)[1]
        #expect(row[5] == "insole, \"left\"\nre-detected")
        #expect(row.last == "pelvicDrop;peakEversion")
        #expect(row[10] == "")
    }
}
