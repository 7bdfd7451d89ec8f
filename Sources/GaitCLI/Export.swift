import ArgumentParser
import Foundation
import GaitAnalysis
import GaitInterchange
import GaitSessionFiles

extension Gait {
    /// `gait export`: a session's orientations for OpenSense, its angles and events as C3D.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a session for OpenSim/OpenSense (.sto, .csv orientations) or Visual3D/Mokka (.c3d).",
            discussion: """
                --orientations FILE.sto|FILE.csv writes every IMU's estimated orientation \
                (Hamilton quaternion w,x,y,z, world z up, heading arbitrary) on one time base, \
                each sensor slerped between its own samples; --frame segment gives the calibrated \
                segment's orientation instead of the sensor's (the analysis runs first to calibrate). \
                --c3d FILE.c3d writes pelvic obliquity, knee abduction and foot eversion of both \
                sides (degrees, relative to quiet standing, positive = the harmful direction) as \
                analog channels, and each foot's contacts and toe-offs as Foot Strike / Foot Off \
                events. Exits 65 when the session cannot be read or does not fit the format, 73 \
                when a file cannot be written.
                """)

        @Argument(help: ArgumentHelp("The session folder (session.json and one CSV per sensor).", valueName: "session"))
        var session: String

        @Option(help: ArgumentHelp("Write the orientation table here: .sto (OpenSense) or .csv.", valueName: "file"))
        var orientations: String?

        @Option(help: ArgumentHelp("Frame of the orientations: sensor (q_world←sensor) or segment (q_world←segment).", valueName: "frame"))
        var frame: String = OrientationFrame.sensor.rawValue

        @Option(name: .customLong("rate-hz"), help: ArgumentHelp("Rows per second of the orientation table (default: the fastest IMU's rate).", valueName: "Hz"))
        var rateHz: Double?

        @Option(help: ArgumentHelp("Write the angle channels and gait events here (.c3d).", valueName: "file"))
        var c3d: String?

        @Option(name: .customLong("c3d-rate-hz"), help: ArgumentHelp("Frames per second of the C3D file (at most 65535 frames in all).", valueName: "Hz"))
        var c3dRateHz: Double = 100

        func validate() throws {
            guard orientations != nil || c3d != nil else {
                throw ValidationError("Nothing to export: give --orientations FILE.sto|FILE.csv and/or --c3d FILE.c3d.")
            }
            if let orientations, Self.tableFormat(orientations) == nil {
                throw ValidationError("--orientations \(orientations): the name must end in .sto (OpenSense) or .csv.")
            }
            if let c3d, !c3d.lowercased().hasSuffix(".c3d") {
                throw ValidationError("--c3d \(c3d): the name must end in .c3d.")
            }
            guard OrientationFrame(rawValue: frame) != nil else {
                throw ValidationError("--frame \(frame): use sensor or segment.")
            }
            if let rateHz, !(rateHz > 0 && rateHz <= 10_000) {
                throw ValidationError("--rate-hz \(rateHz): give a rate above 0 and at most 10000 Hz.")
            }
            guard c3dRateHz > 0 && c3dRateHz <= 10_000 else {
                throw ValidationError("--c3d-rate-hz \(c3dRateHz): give a rate above 0 and at most 10000 Hz.")
            }
        }

        static func tableFormat(_ path: String) -> OrientationTableWriter.Format? {
            let lower = path.lowercased()
            return lower.hasSuffix(".sto") ? .sto : lower.hasSuffix(".csv") ? .csv : nil
        }

        func run() throws {
            let folder = URL(fileURLWithPath: session, isDirectory: true)
            do {
                // One analysis serves both when both are asked for (the C3D needs its angle curves).
                var analysis: AnalysisResult?
                if c3d != nil || frame == OrientationFrame.segment.rawValue {
                    var configuration = AnalysisConfiguration()
                    if c3d != nil { configuration.angleCurveRateHz = c3dRateHz }
                    analysis = try SessionAnalysis(configuration: configuration).run(folder: folder).1
                }
                if let orientations { try exportOrientations(folder, to: orientations, analysis: analysis) }
                if let c3d, let analysis { try exportC3D(analysis, to: c3d) }
            } catch let error as SessionFileError {
                fail(error.description, code: 65)
            } catch let error as OrientationExportError {
                fail(error.description, code: error.isOutputFailure ? 73 : 65)
            } catch let error as C3DError {
                fail("the C3D file cannot hold this session: \(error)", code: 65)
            }
        }

        private func exportOrientations(_ folder: URL, to path: String, analysis: AnalysisResult?) throws {
            let summary = try OrientationExport.write(session: folder, to: URL(fileURLWithPath: path), format: Self.tableFormat(path)!,
                                                      frame: OrientationFrame(rawValue: frame)!, rateHz: rateHz, analysis: analysis)
            for line in summary.omitted { FileHandle.standardError.write(Data("gait export: left out \(line)\n".utf8)) }
            print(String(format: "Orientations (%@ frame) of %@ written to %@: %d rows, %.3f–%.3f s", frame as NSString,
                         summary.columns.joined(separator: ", ") as NSString, path as NSString, summary.rows,
                         summary.firstTimeS ?? 0, summary.lastTimeS ?? 0))
        }

        private func exportC3D(_ analysis: AnalysisResult, to path: String) throws {
            let (writer, timeZeroS) = try AngleExport.c3d(result: analysis, rateHz: c3dRateHz, software: "gait \(Gait.version)")
            let bytes = try writer.bytes()
            do {
                // Owner-only, like the recording: the angles are the athlete's.
                try PrivateFiles.writeAtomically(Data(bytes), to: URL(fileURLWithPath: path))
            } catch {
                fail("cannot write \(path): \(error.localizedDescription). Fix: choose a folder that exists and that you can write to.", code: 73)
            }
            print(String(format: "C3D written to %@: %d frames at %.0f Hz (frame 1 = %.3f s), 6 angle channels, %d events",
                         path as NSString, writer.frameCount, c3dRateHz, timeZeroS, writer.events.count))
        }

        private func fail(_ message: String, code: Int32) -> Never {
            FileHandle.standardError.write(Data("gait export: \(message)\n".utf8))
            Self.exit(withError: ExitCode(code))
        }
    }
}
