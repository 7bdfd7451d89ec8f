import Foundation
import GaitSessionFiles
import GaitSimulation
import Testing

/// `gait simulate` and `gait check` as a user runs them.
@Suite(.serialized) struct SimulateAndCheckCommandTests {
    @Test func simulateWritesASessionAndItsTruthThatCheckReads() throws {
        let folder = try GaitCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let simulate = try GaitCommandRunner.run(
            ["simulate", "--out", "run", "--duration", "6", "--standing", "3", "--imu-rate", "200",
             "--insole-rate", "100", "--sensors", "pelvis,left_foot,left_insole", "--dropouts-per-minute", "20", "--seed", "9"],
            in: folder)
        #expect(simulate.status == 0, "\(simulate.standardError)")
        #expect(simulate.standardOutput.contains("Wrote run/ (3 sensors"))
        let truthData = try Data(contentsOf: folder.appendingPathComponent("run.truth.json"))
        let truth = try JSONDecoder().decode(SimulationTruth.self, from: truthData)
        #expect(truth.options.seed == 9 && truth.options.placements == [.pelvis, .leftFoot, .leftInsole])

        let check = try GaitCommandRunner.run(["check", "run"], in: folder)
        #expect(check.status == 0, "\(check.standardError)")
        let lostInTruth = truth.sensors.reduce(0) { $0 + $1.lostIntervals.count }
        #expect(check.standardOutput.contains("Readable: 3 sensors"))
        #expect(check.standardOutput.contains("\(lostInTruth) gaps (reported, never filled in)"))
    }

    @Test func checkRejectsABrokenSessionNamingTheFileAndLine() throws {
        let folder = try GaitCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try GaitCommandRunner.run(["simulate", "--out", "run", "--duration", "5", "--standing", "2",
                                       "--imu-rate", "100", "--sensors", "pelvis"], in: folder)
        let file = folder.appendingPathComponent("run/pelvis.csv")
        var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines[10] = "0.1,1,2,three,4,5,6"
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let check = try GaitCommandRunner.run(["check", "run"], in: folder)
        #expect(check.status == 65)
        #expect(check.standardError.contains("run/pelvis.csv, line 11"), "\(check.standardError)")
        #expect(check.standardError.contains("Fix:"))
    }

    @Test func simulateRefusesImpossibleOptionsWithAReason() throws {
        let result = try GaitCommandRunner.run(["simulate", "--out", "/tmp/never-written", "--standing", "1"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("--standing must be at least 2 s"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written"))
    }

    @Test func helpNamesEverySubcommand() throws {
        let help = try GaitCommandRunner.run(["--help"])
        #expect(help.status == 0)
        for subcommand in ["check", "simulate"] { #expect(help.standardOutput.contains(subcommand)) }
    }
}
