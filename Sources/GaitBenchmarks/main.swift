// gait-benchmarks: throughput figures, measured against a baseline in the same run.
// Not a test: run it in release, `swift run -c release gait-benchmarks reader`.
import Foundation
import GaitAnalysis
import GaitSessionFiles

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: gait-benchmarks reader [--minutes N] [--folder DIR] [--keep]
           gait-benchmarks analysis [--minutes N[,N…]] [--folder DIR] [--keep]
           gait-benchmarks decode --stream FILE [--repeat N]
           gait-benchmarks orientation [--seeds N[,N…]] [--python PYTHON] [--folder DIR] [--keep]
           gait-benchmarks live [--minutes N] [--insole-rate HZ] [--record-only] [--folder DIR] [--virtual-node PATH]
           gait-benchmarks soak [--minutes N] [--outage-every S] [--outage-s S] [--fill-disk-at-minute M] [--live]
                                --folder DIR [--virtual-node PATH]
      reader    write an N-minute (default 60) 7-IMU 1 kHz session and read it back with the
                session reader, against a baseline that reads the same bytes without parsing.
      analysis  simulate sessions of N minutes each (default 10,60) of 7 IMUs and 2 insoles at
                1 kHz and analyse them, against the time to read them: CPU time (samples per
                CPU-second, × real time) and peak memory of each pass in a process of its own.
      decode    decode a sensor-node byte stream (Firmware/build/virtual-node --out FILE --speed max)
                N times (default 50) in 4 KiB chunks, against a pass that only finds its delimiters.
      orientation  simulated running sessions (default seeds 1,2,3,4,5; 7 IMUs at 500 Hz): the
                inclination error (RMSE, degrees) per placement and the throughput of gait's
                InclinationFilter and of VQF (PyPI `vqf`, run by scripts/vqf-orientations.py).
      live      a live session at real time (default 2 min) from 9 virtual nodes on ptys (7 IMUs at
                1 kHz, 2 insoles at 200 Hz or --insole-rate): stride latency p50/p99, recorder CPU,
                memory over time; --record-only: the recorder's CPU without the analysis.
      soak      hours (default 120 min) of recording 9 virtual nodes at 1 kHz while one node at a
                time is unplugged (default 3 s every 300 s) and, at --fill-disk-at-minute, the file
                system of --folder fills up (give it one of its own: scripts/soak mounts a tmpfs):
                memory, losses injected vs reported, the stop, and what is left on disk.
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
    let minutes = (option("--minutes") ?? "10,60").split(separator: ",").compactMap { Double($0) }
    let folder = URL(fileURLWithPath: option("--folder") ?? NSTemporaryDirectory() + "gait-analysis-benchmark")
    do {
        try AnalysisBenchmark(minutes: minutes, folder: folder, keep: arguments.contains("--keep")).run()
    } catch {
        FileHandle.standardError.write(Data("gait-benchmarks: \(error)\n".utf8))
        exit(1)
    }
case "decode":
    guard let stream = option("--stream") else {
        print(usage)
        exit(64)
    }
    do {
        try DecodeBenchmark(streamFile: URL(fileURLWithPath: stream), repeats: Int(option("--repeat") ?? "50") ?? 50).run()
    } catch {
        FileHandle.standardError.write(Data("gait-benchmarks: \(error)\n".utf8))
        exit(1)
    }
case "orientation":
    let seeds = (option("--seeds") ?? "1,2,3,4,5").split(separator: ",").compactMap { UInt64($0) }
    let folder = URL(fileURLWithPath: option("--folder") ?? NSTemporaryDirectory() + "gait-orientation-benchmark")
    do {
        try OrientationBenchmark(seeds: seeds, folder: folder, python: option("--python") ?? "python3",
                                 keep: arguments.contains("--keep")).run()
    } catch {
        FileHandle.standardError.write(Data("gait-benchmarks: \(error)\n".utf8))
        exit(1)
    }
case "live":
    let folder = URL(fileURLWithPath: option("--folder") ?? NSTemporaryDirectory() + "gait-live-benchmark")
    let node = URL(fileURLWithPath: option("--virtual-node") ?? "Firmware/build/virtual-node")
    do {
        try LiveBenchmark(minutes: Double(option("--minutes") ?? "2") ?? 2, insoleRateHz: Double(option("--insole-rate") ?? "200") ?? 200,
                          analyse: !arguments.contains("--record-only"), folder: folder, virtualNode: node).run()
    } catch {
        FileHandle.standardError.write(Data("gait-benchmarks: \(error)\n".utf8))
        exit(1)
    }
case "soak":
    guard let folder = option("--folder") else {
        FileHandle.standardError.write(Data("gait-benchmarks soak: give --folder DIR (a file system of its own if the disk is to fill: scripts/soak)\n".utf8))
        exit(64)
    }
    do {
        try SoakBenchmark(minutes: Double(option("--minutes") ?? "120") ?? 120, outageEveryS: Double(option("--outage-every") ?? "300") ?? 300,
                          outageS: Double(option("--outage-s") ?? "3") ?? 3, fillDiskAtMinute: option("--fill-disk-at-minute").flatMap(Double.init),
                          analyse: arguments.contains("--live"), folder: URL(fileURLWithPath: folder),
                          virtualNode: URL(fileURLWithPath: option("--virtual-node") ?? "Firmware/build/virtual-node")).run()
    } catch {
        FileHandle.standardError.write(Data("gait-benchmarks: \(error)\n".utf8))
        exit(1)
    }
case "read-stream", "analyse-files", "analyse-memory":
    // Used by `analysis` to measure one pass in a process of its own.
    try AnalysisBenchmark.child(benchmark, folder: URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "."))
case "read-only":
    // Used by `reader` to measure the reader's memory in a process of its own.
    let folder = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : ".")
    let samples = try ReaderBenchmark.readerPass(folder: folder)
    print("samples \(samples) peakMB \(peakResidentMegabytes())")
default:
    print(usage)
    exit(64)
}
