import ArgumentParser
import Foundation
import Messaging

/// The broker an operator command talks to: `--amqp-url` (admin credentials, default
/// `$PASSERELLE_AMQP_URL`) and `--vhost` (default `$PASSERELLE_VHOST`, else `passerelle`).
package struct BrokerOptions: ParsableArguments {
    package init() {}

    @Option(name: .customLong("amqp-url"), help: "Broker AMQP URL, admin credentials (default: $PASSERELLE_AMQP_URL).")
    package var amqpURL: String?

    @Option(help: "The virtual host (default: $PASSERELLE_VHOST, else passerelle).")
    package var vhost: String?

    /// The connection settings, named `name` in the broker's connection list.
    package func configuration(name: String) throws -> AMQPConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let url = self.amqpURL ?? environment["PASSERELLE_AMQP_URL"] ?? "amqp://guest:guest@localhost:5672/%2F"
        var configuration = try AMQPConfiguration(url: url)
        configuration.virtualHost = self.vhost ?? environment["PASSERELLE_VHOST"] ?? "passerelle"
        configuration.connectionName = name
        return configuration
    }
}
