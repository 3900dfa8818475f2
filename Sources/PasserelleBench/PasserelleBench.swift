import ArgumentParser
import PasserelleCLI

/// `passerelle-bench …` (also `passerelle bench …`, which runs this executable): the measured benchmarks.
/// Every speed target of the project is checked here, never by timed tests. It is its own executable so the
/// operator's `passerelle` does not link the test kit and the sample services the benchmarks run.
struct PasserelleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passerelle bench",
        abstract: "Run a benchmark against the local servers.",
        subcommands: [BenchAMQP.self, BenchPG.self, BenchValidate.self, BenchE2E.self, BenchProcurement.self, BenchAuth.self, BenchBridge.self, BenchDocuments.self, BenchDesk.self, BenchTraining.self]
    )

    init() {}
}
