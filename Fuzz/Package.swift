// swift-tools-version:6.0
// libFuzzer targets for gait's parsers of untrusted input. A package of its own so that the main
// build and `swift test` never link against libFuzzer: each target's `@main` hands its
// `testOneInput` to libFuzzer's driver, which exists only when built by `scripts/fuzz`
// (`-sanitize=fuzzer,address`). Adding a target: a folder under Sources/ with one file, a line in
// `fuzzTargets` below, and a line in scripts/fuzz naming its seed corpus.
import PackageDescription

/// Target name → the gait library it exercises.
let fuzzTargets: [(name: String, library: String)] = [
    ("FuzzSessionManifest", "GaitSessionFiles"),  // session.json: JSONParser, ManifestDecoder, ManifestValidation
    ("FuzzSensorCSV", "GaitSessionFiles"),        // sensor CSV: LineReader, header check, DecimalParser, gaps
    ("FuzzReport", "GaitReports"),                // gait-report/1 JSON: ReportReader, as `gait report` reads it
    ("FuzzWireFrame", "GaitIngestion"),           // sensor-node byte streams: FrameDeframer, DeviceStreamDecoder
    ("FuzzImportMapping", "GaitInterchange"),     // gait import's mapping file: key check, ImportMapping decoding and validation
]

let package = Package(
    name: "gait-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "gait", path: "..")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver; the runtime comes with -sanitize=fuzzer.
        .target(name: "CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"]),
    ] + fuzzTargets.map { target in
        .executableTarget(name: target.name, dependencies: ["FuzzSupport", .product(name: target.library, package: "gait")])
    },
    swiftLanguageModes: [.v6]
)
