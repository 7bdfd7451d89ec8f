import Foundation
import GaitCore

/// A session folder (session-csv.md): its validated session.json and a way to stream each
/// sensor file.
public struct SessionFolder: Sendable {
    public let url: URL
    public let manifest: SessionManifest

    /// session.json larger than this is refused: a real one is a few kilobytes (two insoles of
    /// `SessionLimits.maxInsoleCells` cells, pretty-printed, are ~200 KB), and the whole file is
    /// held in memory and parsed into a tree several times its size. 16 MiB used to be allowed:
    /// the fuzzer's 3 MB inputs took tens of seconds to parse and refuse under AddressSanitizer.
    static let maxManifestBytes = 1024 * 1024

    private init(url: URL, manifest: SessionManifest) {
        self.url = url
        self.manifest = manifest
    }

    /// Reads and validates `folder/session.json` and checks that every sensor's file exists.
    /// Sensor files are not read here; `reader(for:)` checks each header.
    public static func open(_ folder: URL) throws -> SessionFolder {
        let manifestPath = displayPathOf(file: "session.json", in: folder)
        let bytes = try readManifestBytes(folder.appendingPathComponent("session.json"), displayPath: manifestPath, folder: folder)
        let (manifest, lines) = try ManifestDecoder.decode(bytes, file: manifestPath)
        for (index, sensor) in manifest.sensors.enumerated() {
            let keyPath = "sensors[\(index)].file"
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(sensor.file).path
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if !exists || isDirectory.boolValue {
                throw SessionFileError(
                    file: manifestPath, line: ManifestValidation.line(of: keyPath, in: lines), keyPath: keyPath,
                    problem: exists ? "\(displayPathOf(file: sensor.file, in: folder)) is a folder, not a file"
                                    : "the file \(displayPathOf(file: sensor.file, in: folder)) of sensor \(CellProblem.quoted(sensor.id)) does not exist",
                    remedy: "Put the file in the session folder, or correct \(keyPath) (names are case-sensitive).")
            }
        }
        return SessionFolder(url: folder, manifest: manifest)
    }

    /// A reader for one of this session's sensors; the header is checked against its entry.
    public func reader(for sensor: SensorDescriptor, blockSize: Int = 4096) throws -> SensorFileReader {
        let index = manifest.sensors.firstIndex { $0.id == sensor.id }
        return try SensorFileReader(sensor: sensor, folder: url, blockSize: blockSize, sensorIndex: index)
    }

    private static func readManifestBytes(_ url: URL, displayPath: String, folder: URL) throws -> [UInt8] {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw SessionFileError(
                file: displayPath,
                problem: exists ? "session.json cannot be opened (\(error.localizedDescription))"
                                : "there is no session.json in \(folder.relativePath)",
                remedy: exists ? "Check that the file is readable by this user."
                               : "Point gait at a session folder: one session.json and the sensor CSV files (session-csv.md).")
        }
        defer { try? handle.close() }
        do {
            // Read one byte past the limit to tell "at the limit" from "over it".
            let data = try handle.read(upToCount: maxManifestBytes + 1) ?? Data()
            if data.count > maxManifestBytes {
                throw SessionFileError(file: displayPath, problem: "session.json is larger than \(maxManifestBytes / (1024 * 1024)) MiB",
                                       remedy: "session.json describes the session; samples belong in the CSV files.")
            }
            return [UInt8](data)
        } catch let error as SessionFileError {
            throw error
        } catch {
            throw SessionFileError(file: displayPath, problem: "session.json cannot be read (\(error.localizedDescription))",
                                   remedy: "Check that it is a readable file, not a folder.")
        }
    }
}
