// gait-benchmarks: throughput figures, measured against a baseline in the same run.
// Not a test: run it in release, `swift run -c release gait-benchmarks reader`.
import Foundation
import GaitAnalysis
import GaitSessionFiles

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: gait-benchmarks reader [--minutes N] [--folder DIR] [--keep]
           gait-benchmarks analysis [--minutes N] [--folder DIR] [--keep]
      reader    write an N-minute (default 60) 7-IMU 1 kHz session and read it back with the
                session reader, against a baseline that reads the same bytes without parsing.
      analysis  simulate an N-minute (default 5) session of 7 IMUs and 2 insoles at 1 kHz and
                analyse it, against the time to read it; CPU time of one process, peak memory.
    """

guard let benchmark = arguments.first else {
    print(usage)
    exit(64)
}
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
switch benchmark {
case "reader":
    let minutes = Int(option("--minutes") ?? "60") ?? 60
    let folder = URL(fileURLWithPath: option("--folder") ?? NSTemporaryDirectory() + "gait-reader-benchmark")
    do {
        try ReaderBenchmark(minutes: minutes, folder: folder, keep: arguments.contains("--keep")).run()
    } catch {
        FileHandle.standardError.write(Data("gait-benchmarks: \(error)\n".utf8))
        exit(1)
    }
case "analysis":
    let minutes = Double(option("--minutes") ?? "5") ?? 5
    let folder = URL(fileURLWithPath: option("--folder") ?? NSTemporaryDirectory() + "gait-analysis-benchmark")
    do {
        try AnalysisBenchmark(minutes: minutes, folder: folder, keep: arguments.contains("--keep")).run()
    } catch {
        FileHandle.standardError.write(Data("gait-benchmarks: \(error)\n".utf8))
        exit(1)
    }
case "analyse-only":
    // Used by `analysis` to measure one analysis in a process of its own.
    let folder = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : ".")
    let before = cpuSeconds()
    let (_, result) = try SessionAnalysis().run(folder: folder)
    print("strides \(result.strides.count) cpu \(cpuSeconds() - before) peakMB \(peakResidentMegabytes())")
case "read-only":
    // Used by `reader` to measure the reader's memory in a process of its own.
    let folder = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : ".")
    let samples = try ReaderBenchmark.readerPass(folder: folder)
    print("samples \(samples) peakMB \(peakResidentMegabytes())")
default:
    print(usage)
    exit(64)
}
