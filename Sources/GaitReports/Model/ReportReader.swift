import Foundation

/// Reads a `gait-report/1` JSON file into a `ReportDocument`, turning every way it can fail into
/// a `ReportInputError` that names the file, the key path and the fix.
public enum ReportReader {
    static let rewrite = "write the report again with `gait analyze SESSION --json FILE`"

    /// A report larger than this is refused before it is read: an hour of running is ~11 000
    /// strides, a few MB of JSON, and decoding holds several times the file in memory.
    public static let maxReportBytes = 64 * 1024 * 1024

    public static func read(contentsOf path: String) throws(ReportInputError) -> ReportDocument {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            // One byte past the limit tells "at the limit" from "over it" without reading the rest.
            data = try handle.read(upToCount: maxReportBytes + 1) ?? Data()
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ReportInputError(file: path, problem: exists ? "cannot be read (\(error.localizedDescription))" : "no such file",
                                   remedy: exists ? "check the file's permissions" : "give the path of a report JSON file; \(rewrite)")
        }
        if data.count > maxReportBytes {
            throw ReportInputError(file: path, problem: "is larger than \(maxReportBytes / (1024 * 1024)) MiB, far more than any gait report",
                                   remedy: "give the JSON report that `gait analyze --json` wrote, not another file")
        }
        return try decode(data, file: path)
    }

    public static func decode(_ data: Data, file: String) throws(ReportInputError) -> ReportDocument {
        // First the identity, so that a foreign JSON or another version gets a message about
        // that rather than about its first unexpected key.
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ReportInputError(file: file, problem: "is not valid JSON (\(error.localizedDescription))",
                                   remedy: "give the JSON report itself, not the HTML or CSV view; \(rewrite)")
        }
        guard let top = object as? [String: Any] else {
            throw ReportInputError(file: file, problem: "is JSON but not an object, so not a gait report", remedy: rewrite)
        }
        guard let format = top["format"] as? String else {
            throw ReportInputError(file: file, keyPath: "format", problem: "key missing or not a string: this is not a gait report",
                                   remedy: "give a file that `gait analyze --json` wrote (its first key is \"format\": \"\(ReportDocument.formatIdentifier)\")")
        }
        guard format == ReportDocument.formatIdentifier else {
            if format.hasPrefix("gait-report/") {
                throw ReportInputError(file: file, keyPath: "format",
                                       problem: "is \"\(format)\"; this gait reads \"\(ReportDocument.formatIdentifier)\" only",
                                       remedy: "use the gait version that wrote it, or analyze the session again with this one")
            }
            throw ReportInputError(file: file, keyPath: "format", problem: "is \"\(format)\", not a gait report",
                                   remedy: "give a file that `gait analyze --json` wrote")
        }
        do {
            return try JSONDecoder().decode(ReportDocument.self, from: data)
        } catch let error as DecodingError {
            throw inputError(error, file: file)
        } catch {
            throw ReportInputError(file: file, problem: "cannot be decoded (\(error))", remedy: rewrite)
        }
    }

    static func inputError(_ error: DecodingError, file: String) -> ReportInputError {
        switch error {
        case let .keyNotFound(key, context):
            return ReportInputError(file: file, keyPath: keyPath(context.codingPath + [key]), problem: "required key missing",
                                    remedy: "every key of report-json.md must be present (null where not measured); \(rewrite)")
        case let .valueNotFound(type, context):
            return ReportInputError(file: file, keyPath: keyPath(context.codingPath), problem: "is null where a \(words(type)) is required",
                                    remedy: "only measures and the keys report-json.md marks may be null; \(rewrite)")
        case let .typeMismatch(type, context):
            return ReportInputError(file: file, keyPath: keyPath(context.codingPath), problem: "is not a \(words(type))",
                                    remedy: "see report-json.md for this key's type; \(rewrite)")
        case let .dataCorrupted(context):
            return ReportInputError(file: file, keyPath: keyPath(context.codingPath), problem: context.debugDescription,
                                    remedy: "see report-json.md for the values allowed here; \(rewrite)")
        @unknown default:
            return ReportInputError(file: file, problem: "cannot be decoded (\(error))", remedy: rewrite)
        }
    }

    /// `strides[3].side` from the decoder's coding path.
    static func keyPath(_ path: [any CodingKey]) -> String? {
        guard !path.isEmpty else { return nil }
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    static func words(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type, is Double?.Type: "number"
        case is String.Type: "string"
        case is Bool.Type: "true or false"
        default: "\(type)".lowercased().contains("array") ? "list" : "\(type)"
        }
    }
}
