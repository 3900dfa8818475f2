import ArgumentParser
import Foundation
import Messaging
import PasserelleOps

/// How to reach the management API. Each option falls back to its environment variable, then to the
/// local development default (http://localhost:15672, guest/guest).
package struct ManagementOptions: ParsableArguments {
    package init() {}

    @Option(
        name: .customLong("management-url"), help: "Management API base URL (default: $PASSERELLE_AMQP_MANAGEMENT_URL)."
    )
    package var url: String?

    @Option(name: .customLong("management-user"), help: "Management user (default: $PASSERELLE_MANAGEMENT_USER).")
    package var user: String?

    @Option(
        name: .customLong("management-password"),
        help: "Management password (default: $PASSERELLE_MANAGEMENT_PASSWORD).")
    package var password: String?

    @Option(
        name: .customLong("amqp-url"), help: "Broker AMQP URL, for exact queue counts (default: $PASSERELLE_AMQP_URL).")
    package var amqpURL: String?

    /// The AMQP settings for `vhost` (the URL's vhost is replaced).
    package func amqp(vhost: String) throws -> AMQPConfiguration {
        let url =
            self.amqpURL ?? ProcessInfo.processInfo.environment["PASSERELLE_AMQP_URL"]
            ?? "amqp://guest:guest@localhost:5672/%2F"
        var configuration = try AMQPConfiguration(url: url)
        configuration.virtualHost = vhost
        configuration.connectionName = "passerelle topology"
        return configuration
    }

    package func client() throws -> ManagementClient {
        let environment = ProcessInfo.processInfo.environment
        return try ManagementClient(
            baseURL: self.url ?? environment["PASSERELLE_AMQP_MANAGEMENT_URL"] ?? "http://localhost:15672",
            username: self.user ?? environment["PASSERELLE_MANAGEMENT_USER"] ?? "guest",
            password: self.password ?? environment["PASSERELLE_MANAGEMENT_PASSWORD"] ?? "guest",
            timeout: .seconds(30)
        )
    }
}
