import Foundation
import GaitCore
import Testing
@testable import GaitSessionFiles

/// Recordings are health data: what the writers create is owner-only (0700 folders, 0600 files),
/// even under a permissive umask and over a file that was world-readable before.
@Suite("recordings are owner-only")
struct PrivacyTests {
    func permissions(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return try #require((attributes[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test func recordedSessionFoldersAndFilesAreOwnerOnly() throws {
        let parent = try makeTemporaryFolder()
        defer { removeFolder(parent) }
        let folder = parent.appendingPathComponent("athlete/week1")
        let pelvis = SensorDescriptor(id: "pelvis", kind: .imu, placement: .pelvis, file: "imu/pelvis.csv", rateHz: 100)
        let manifest = SessionManifest(subject: Subject(id: "R-017"), sensors: [pelvis])
        let recording = SensorRecording(sensor: pelvis, columns: .imu(magnetometer: false), timesS: [0, 0.01],
                                        values: [0, 0, 9.81, 0, 0, 0, 0, 0, 9.81, 0, 0, 0])
        // The widest umask: permissions must come from the writer, not from the process.
        let previous = umask(0)
        defer { umask(previous) }
        try RecordedSession(manifest: manifest, recordings: [recording]).write(to: folder)

        #expect(try permissions(parent.appendingPathComponent("athlete")) == 0o700)
        #expect(try permissions(folder) == 0o700)
        #expect(try permissions(folder.appendingPathComponent("imu")) == 0o700)
        #expect(try permissions(folder.appendingPathComponent("imu/pelvis.csv")) == 0o600)
        #expect(try permissions(folder.appendingPathComponent("session.json")) == 0o600)
        // No temporary file of the atomic write is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["imu", "session.json"])
        // And it reads back.
        #expect(try RecordedSession.read(from: folder).recordings[0].timesS == [0, 0.01])
    }

    @Test func rewritingAWorldReadableFileMakesItOwnerOnly() throws {
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let csv = folder.appendingPathComponent("pelvis.csv")
        FileManager.default.createFile(atPath: csv.path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        let writer = try SensorFileWriter(url: csv, columns: .imu(magnetometer: false))
        try writer.close()
        #expect(try permissions(csv) == 0o600)

        let manifest = SessionManifest(sensors: [SensorDescriptor(id: "p", kind: .imu, placement: .pelvis, file: "pelvis.csv", rateHz: 100)])
        FileManager.default.createFile(atPath: folder.appendingPathComponent("session.json").path, contents: Data("{}".utf8),
                                       attributes: [.posixPermissions: 0o644])
        try SessionManifestWriter.write(manifest, to: folder)
        #expect(try permissions(folder.appendingPathComponent("session.json")) == 0o600)
        #expect(try SessionFolder.open(folder).manifest == manifest)
    }
}
