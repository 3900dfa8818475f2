import ArgumentParser

extension Passerelle {
    /// `passerelle new …`: scaffolds.
    struct NewCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new", abstract: "Write a new part of the platform.", subcommands: [NewServiceCommand.self])

        init() {}
    }
}
