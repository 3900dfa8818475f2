import ArgumentParser

extension Passerelle {
    /// `passerelle bench …`: measured benchmarks. Every speed target of the project is checked here, never
    /// by timed tests.
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a benchmark against the local servers.",
            subcommands: [BenchAMQP.self, BenchPG.self, BenchValidate.self, BenchE2E.self, BenchProcurement.self]
        )

        init() {}
    }
}
