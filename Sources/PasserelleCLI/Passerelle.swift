import ArgumentParser

/// The `passerelle` operator command: the root of the subcommand tree.
///
/// The executable target only calls `Passerelle.main()`; every subcommand lives in this module so tests
/// can parse and run it directly.
public struct Passerelle: AsyncParsableCommand {
    /// The command name, abstract, version and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "passerelle",
        abstract: "Operate the Passerelle integration hub.",
        version: "0.1.0",
        subcommands: [
            Doctor.self, ContractsCommand.self, Topology.self, Status.self, DLQCommand.self, Send.self, Tail.self, ProcurementCommand.self,
            Demo.self, Bench.self, ServicesCommand.self, Database.self, NewCommand.self, Token.self, BridgeCommand.self,
            DocumentsCommand.self, DeskCommand.self, SireneCommand.self, TrainingCommand.self,
        ]
    )

    /// Creates the root command; `ArgumentParser` calls this while parsing.
    public init() {}
}
