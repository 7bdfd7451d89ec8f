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
        .library(name: "GaitReports", targets: ["GaitReports"]),
        .library(name: "GaitStore", targets: ["GaitStore"]),
        .library(name: "GaitIngestion", targets: ["GaitIngestion"]),
        .library(name: "GaitInterchange", targets: ["GaitInterchange"]),
        .library(name: "GaitLive", targets: ["GaitLive"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
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
        // Views of a gait-report/1 JSON: the report model decoded from the contract, HTML with SVG charts, CSV.
        // Writes its files owner-only through GaitSessionFiles' PrivateFiles.
        .target(name: "GaitReports", dependencies: ["GaitCore", "GaitSessionFiles"]),
        // The session store: sessions and strides of each athlete in SQLite (GRDB), versioned migrations.
        .target(name: "GaitStore", dependencies: ["GaitCore", "GaitReports", .product(name: "GRDB", package: "GRDB.swift")]),
        // System libraries for device I/O (pkg-config; Debian packages in .ci/run). Only GaitIngestion imports them.
        .systemLibrary(name: "CLibSerialPort", pkgConfig: "libserialport", providers: [.apt(["libserialport-dev"]), .brew(["libserialport"])]),
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"]), .brew(["libusb"])]),
        // Sensor nodes to samples: the wire protocol's decoder, serial and USB transports, clock mapping.
        .target(name: "GaitIngestion", dependencies: ["GaitCore", "CLibSerialPort", "CLibUSB"]),
        // Interchange with the biomechanics world: OpenSense orientation tables (.sto/.csv), C3D,
        // and import of other systems' per-sensor files through a mapping.
        .target(name: "GaitInterchange", dependencies: ["GaitCore", "GaitSessionFiles", "GaitAnalysis"]),
        // A live session: devices recorded to a session folder and analysed stride by stride as they stream.
        .target(name: "GaitLive", dependencies: ["GaitCore", "GaitSessionFiles", "GaitAnalysis", "GaitIngestion"]),
        // The live page of a session (Hummingbird on 127.0.0.1): strides, sensors, markers, by server-sent events.
        .target(name: "GaitDashboard", dependencies: ["GaitCore", "GaitAnalysis", "GaitLive", .product(name: "Hummingbird", package: "hummingbird"),
                                                      .product(name: "Logging", package: "swift-log")]),
        // The `gait` command line.
        .executableTarget(
            name: "GaitCLI",
            dependencies: [
                "GaitCore", "GaitSessionFiles", "GaitSimulation", "GaitAnalysis", "GaitReports", "GaitStore", "GaitIngestion", "GaitInterchange",
                "GaitLive", "GaitDashboard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Throughput benchmarks (not tests): `swift run -c release gait-benchmarks`.
        .executableTarget(
            name: "GaitBenchmarks",
            dependencies: ["GaitCore", "GaitSessionFiles", "GaitSimulation", "GaitAnalysis", "GaitIngestion", "GaitLive"]
        ),
        .testTarget(name: "GaitCoreTests", dependencies: ["GaitCore"]),
        .testTarget(name: "GaitAnalysisTests", dependencies: ["GaitAnalysis", "GaitSimulation", "GaitSessionFiles"]),
        .testTarget(name: "GaitSessionFilesTests", dependencies: ["GaitSessionFiles"]),
        .testTarget(name: "GaitSimulationTests", dependencies: ["GaitSimulation", "GaitSessionFiles"]),
        // Reports: decoding errors, CSV, charts; the HTML opened in headless Chromium.
        .testTarget(name: "GaitReportsTests", dependencies: ["GaitReports", "GaitCore"], exclude: ["Fixtures"]),
        .testTarget(name: "GaitStoreTests", dependencies: ["GaitStore", "GaitReports", .product(name: "GRDB", package: "GRDB.swift")]),
        // libumockdev for the serial tests (Debian: libumockdev-dev, umockdev); only the tests link it.
        .systemLibrary(name: "CUmockdev", path: "Tests/CUmockdev", pkgConfig: "umockdev-1.0",
                       providers: [.apt(["libumockdev-dev", "umockdev"])]),
        // What several test targets share: a recording compared with the session it replays.
        .target(name: "GaitTestSupport", dependencies: ["GaitAnalysis", "GaitSessionFiles"], path: "Tests/GaitTestSupport"),
        .testTarget(name: "GaitIngestionTests", dependencies: ["GaitIngestion", "GaitSessionFiles", "CUmockdev", "GaitLive", "GaitTestSupport"]),
        // Round trips through independent readers (a .sto parser of its own, ezc3d from PyPI),
        // numbers against the simulator's truth and hand-computed cases.
        .testTarget(name: "GaitInterchangeTests", dependencies: ["GaitInterchange", "GaitAnalysis", "GaitSimulation", "GaitSessionFiles"]),
        // The live page's access rules over a real socket, with a session of the tests' own.
        .testTarget(name: "GaitDashboardTests", dependencies: ["GaitDashboard", "GaitLive", "GaitAnalysis", "GaitCore"]),
        // End-to-end: runs the built `gait` binary the way a user does.
        .testTarget(name: "GaitCLITests", dependencies: ["GaitCLI", "GaitSimulation", "GaitSessionFiles", "GaitAnalysis", "GaitLive",
                                                         "GaitTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
