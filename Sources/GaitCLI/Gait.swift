import ArgumentParser

/// The `gait` command: measure a runner's pelvic drop, knee valgus and pronation stride by stride.
@main
struct Gait: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "gait",
        abstract: "Measure pelvic drop, knee valgus and pronation for every footstrike of a run.",
        discussion: """
            gait reads sessions recorded with body-worn IMUs and pressure insoles (the \
            gait-session-csv/1 folder format) and reports, stride by stride, the movement \
            faults behind runner's knee. `gait simulate` makes realistic sessions whose true \
            kinematics are known.
            """,
        version: version,
        subcommands: [Analyze.self, Record.self, Report.self, Sessions.self, History.self, Check.self, Devices.self, Simulate.self, Export.self, Import.self]
    )
}
