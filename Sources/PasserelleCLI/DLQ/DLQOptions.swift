import ArgumentParser
import Foundation
import Logging
import Messaging
import PasserelleOps
import Storage
import Topology

/// The options every `passerelle dlq` subcommand takes: the topology (which services and queues exist),
/// the broker and the database, both with administrator credentials.
struct DLQOptions: ParsableArguments {
    @OptionGroup var source: TopologySource

    @Option(name: .customLong("amqp-url"), help: "Broker AMQP URL, admin credentials (default: $PASSERELLE_AMQP_URL).")
    var amqpURL: String?

    @Option(
        name: .customLong("database-url"),
        help: "PostgreSQL URL, admin credentials (default: $PASSERELLE_PG_URL, else the PG* variables).")
    var databaseURL: String?

    @Flag(name: .customLong("no-sync"), help: "Do not drain the parking queues into the database first.")
    var noSync = false

    /// Who is acting, for the history: `$PASSERELLE_ACTOR`, else `$USER`, else `unknown`.
    static func actor(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for key in ["PASSERELLE_ACTOR", "USER"] {
            if let value = environment[key], !value.isEmpty { return value }
        }
        return "unknown"
    }

    /// The broker settings for `vhost`.
    func amqp(vhost: String) throws -> AMQPConfiguration {
        let url =
            self.amqpURL ?? ProcessInfo.processInfo.environment["PASSERELLE_AMQP_URL"]
            ?? "amqp://guest:guest@localhost:5672/%2F"
        var configuration = try AMQPConfiguration(url: url)
        configuration.virtualHost = vhost
        configuration.connectionName = "passerelle dlq"
        return configuration
    }

    /// The database settings.
    func database() throws -> PostgresConfiguration {
        let url = self.databaseURL ?? ProcessInfo.processInfo.environment["PASSERELLE_PG_URL"] ?? ""
        var configuration = try PostgresConfiguration(connectionString: url)
        configuration.options.applicationName = "passerelle dlq"
        configuration.options.poolSize = 2
        return configuration
    }

    /// Opens the session: derives the topology, connects to both servers, finds the schemas with the
    /// tables, and (unless `--no-sync`) drains the parking queues of the selected services.
    ///
    /// - Parameter service: Only this service (context), or every non-partner service.
    /// - Throws: `ValidationError` for an unknown service; connection and SQL errors.
    func open(service: String? = nil) async throws -> DLQSession {
        let (_, desired) = try self.source.desired()
        let services = desired.services.filter { $0.user != nil }
        if let service, !services.contains(where: { $0.context == service }) {
            let known = services.map(\.context).sorted().joined(separator: ", ")
            throw ValidationError("--service \(service): no such service in the topology (services: \(known))")
        }
        let selected = services.filter { service == nil || $0.context == service }
        var logger = Logger(label: "passerelle.dlq")
        logger.logLevel = .warning
        let client = PostgresClient(configuration: try self.database(), logger: logger)
        do {
            let store = try await ParkedStore(client: client, services: selected.map(\.context))
            let session = DLQSession(
                store: store, services: selected.map { DLQSession.Service(context: $0.context, queues: $0.queues) },
                amqp: try self.amqp(vhost: desired.vhost), actor: Self.actor(), logger: logger)
            if !self.noSync {
                let report = try await session.sync()
                if report.stored + report.acknowledged + report.duplicates + report.unstorable > 0 {
                    DLQFormat.warn("dlq sync: " + report.summary)
                }
            }
            return session
        } catch {
            await client.close()
            throw error
        }
    }
}
