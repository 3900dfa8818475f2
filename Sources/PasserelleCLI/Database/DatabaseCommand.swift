import ArgumentParser

extension Passerelle {
    /// `passerelle db …`: the services' PostgreSQL roles and schemas.
    struct Database: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db",
            abstract: "Provision the services' least-privilege PostgreSQL roles and schemas.",
            subcommands: [DatabaseProvisionCommand.self]
        )

        init() {}
    }
}
