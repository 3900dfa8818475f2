import ArgumentParser
import Foundation
import PasserelleCLI
import Storage

/// `--postgres-url` of the benchmarks that make their own database: admin credentials, default
/// `$PASSERELLE_PG_URL`, else libpq's `PG*` variables.
struct BenchDatabaseOption: ParsableArguments {
    @Option(
        name: .customLong("postgres-url"),
        help: ArgumentHelp("Admin connection (default: $PASSERELLE_PG_URL, else the PG* variables).", valueName: "url"))
    var postgresURL: String?

    /// The admin connection settings.
    ///
    /// - Throws: `ValidationError` naming `--postgres-url` when the URL does not parse.
    func configuration() throws -> PostgresConfiguration {
        let url = self.postgresURL ?? ProcessInfo.processInfo.environment["PASSERELLE_PG_URL"]
        do {
            return try url.map { try PostgresConfiguration(connectionString: $0) } ?? PostgresConfiguration.environment()
        } catch {
            throw ValidationError("--postgres-url: \(error)")
        }
    }
}
