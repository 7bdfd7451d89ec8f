// swift-tools-version:6.0
// gait — stride-by-stride running gait measurement for runner's knee assessment.
// Module map and data flow: ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "gait",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gait", targets: ["GaitCLI"]),
        .executable(name: "gait-benchmarks", targets: ["GaitBenchmarks"]),
        .library(name: "GaitCore", targets: ["GaitCore"]),
        .library(name: "GaitSessionFiles", targets: ["GaitSessionFiles"]),
        .library(name: "GaitSimulation", targets: ["GaitSimulation"]),
        .library(name: "GaitAnalysis", targets: ["GaitAnalysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Value types and math shared by every other module: placements, frames, rotations. No I/O.
        .target(name: "GaitCore"),
        // The gait-session-csv/1 interchange format: streaming reader, writer, validation.
        .target(name: "GaitSessionFiles", dependencies: ["GaitCore"]),
        // The streaming analysis core: orientations, calibration, events, per-stride measures.
        .target(name: "GaitAnalysis", dependencies: ["GaitCore", "GaitSessionFiles"]),
        // A forward model of treadmill gait that writes sessions and their ground truth.
        .target(name: "GaitSimulation", dependencies: ["GaitCore", "GaitSessionFiles"]),
        // The `gait` command line.
        .executableTarget(
            name: "GaitCLI",
            dependencies: [
                "GaitCore", "GaitSessionFiles", "GaitSimulation", "GaitAnalysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Throughput benchmarks (not tests): `swift run -c release gait-benchmarks`.
        .executableTarget(
            name: "GaitBenchmarks",
            dependencies: ["GaitCore", "GaitSessionFiles", "GaitSimulation", "GaitAnalysis"]
        ),
        .testTarget(name: "GaitCoreTests", dependencies: ["GaitCore"]),
        .testTarget(name: "GaitAnalysisTests", dependencies: ["GaitAnalysis", "GaitSimulation", "GaitSessionFiles"]),
        .testTarget(name: "GaitSessionFilesTests", dependencies: ["GaitSessionFiles"]),
        .testTarget(name: "GaitSimulationTests", dependencies: ["GaitSimulation", "GaitSessionFiles"]),
        // End-to-end: runs the built `gait` binary the way a user does.
        .testTarget(name: "GaitCLITests", dependencies: ["GaitCLI", "GaitSimulation", "GaitSessionFiles"]),
    ],
    swiftLanguageModes: [.v6]
)
