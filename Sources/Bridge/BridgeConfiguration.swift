import Contracts
import Foundation
import Messaging
import Topology

/// Where each side of a partner's bridge is, with whose account: the hub as `svc-<partner>` (password from the
/// secret store, written by `passerelle topology apply`), the partner's broker as the account of
/// `bridges.<partner>` in `topology/passerelle.yaml` (password from its secret, never logged).
public struct BridgeConfiguration: Sendable {
    public var partner: String
    public var hub: AMQPConfiguration
    public var partnerBroker: AMQPConfiguration
    public var binding: CloudEventsHeaderBinding
    public var prefetch: Int

    /// Reads the configuration of `partner`.
    ///
    /// - Parameters:
    ///   - partner: The partner, listed under `bridges:`.
    ///   - settings: The topology settings.
    ///   - environment: `PASSERELLE_AMQP_URL` (the hub's host and port), `PASSERELLE_VHOST`, `PASSERELLE_HOME`
    ///     (secrets and the relative CA path), `PASSERELLE_BRIDGE_<PARTNER>_URL` (overrides the partner's URL),
    ///     `PASSERELLE_SECRET_<NAME>` (overrides a secret file).
    /// - Throws: ``BridgeError`` (`configuration`) naming what is missing.
    public init(partner: String, settings: TopologySettings, environment: [String: String]) throws(BridgeError) {
        let remote = try Self.partnerBroker(partner: partner, settings: settings, environment: environment)
        let store = Self.secretStore(environment)
        do {
            var hub = try AMQPConfiguration(url: environment["PASSERELLE_AMQP_URL"] ?? "amqp://localhost:5672/%2F")
            hub.virtualHost = environment["PASSERELLE_VHOST"] ?? settings.vhost
            hub.username = settings.userPrefix + partner
            guard let hubPassword = store.existingPassword(for: partner) else {
                throw BridgeError(
                    .configuration,
                    "no broker password for \(hub.username): set \(SecretStore.variable(for: partner)) or run `passerelle topology apply`")
            }
            hub.password = hubPassword
            hub.connectionName = "passerelle bridge \(partner) (hub)"
            self.hub = hub
        } catch let error as BridgeError {
            throw error
        } catch {
            throw BridgeError(.configuration, "PASSERELLE_AMQP_URL: \(error)")
        }
        self.partnerBroker = remote
        self.partner = partner
        let bridge = settings.bridges[partner]
        self.binding = bridge?.cloudEvents.map { $0 == .ce ? .ce : .amqp } ?? .amqp
        self.prefetch = bridge?.prefetch ?? 1000
    }

    /// The partner's broker as the hub's account there (what `topology apply` needs, before the hub's own
    /// password exists).
    public static func partnerBroker(
        partner: String, settings: TopologySettings, environment: [String: String]
    ) throws(BridgeError) -> AMQPConfiguration {
        guard let bridge = settings.bridges[partner] else {
            throw BridgeError(.configuration, "topology/passerelle.yaml has no bridges.\(partner)")
        }
        do {
            return try Self.partnerBroker(
                partner: partner, bridge: bridge, store: Self.secretStore(environment), home: Self.home(environment),
                environment: environment)
        } catch let error as BridgeError {
            throw error
        } catch {
            throw BridgeError(.configuration, "bridges.\(partner): \(error)")
        }
    }

    private static func partnerBroker(
        partner: String, bridge: PartnerBridgeSettings, store: SecretStore, home: String, environment: [String: String]
    ) throws -> AMQPConfiguration {
        let variable = "PASSERELLE_BRIDGE_\(partner.uppercased().replacingOccurrences(of: "-", with: "_"))_URL"
        var remote = try AMQPConfiguration(url: environment[variable] ?? bridge.url)
        remote.username = bridge.userName(partner: partner)
        let secret = bridge.secretName(partner: partner)
        guard let password = store.existingPassword(for: secret) else {
            throw BridgeError(
                .configuration,
                "no password for \(remote.username) on \(partner)'s broker: set \(SecretStore.variable(for: secret)) or write \(home)/secrets/\(secret)")
        }
        remote.password = password
        remote.connectionName = "passerelle bridge \(partner) (partner)"
        if var tls = remote.tls {
            if let ca = bridge.tls?.ca {
                tls.caFile = ca.hasPrefix("/") ? ca : URL(fileURLWithPath: home).appendingPathComponent(ca).path
            }
            if let name = bridge.tls?.serverName { tls.serverName = name }
            if let verify = bridge.tls?.verifyHostname { tls.verifyHostname = verify }
            remote.tls = tls
        }
        return remote
    }

    private static func home(_ environment: [String: String]) -> String {
        environment["PASSERELLE_HOME"] ?? ".passerelle"
    }

    private static func secretStore(_ environment: [String: String]) -> SecretStore {
        SecretStore(
            directory: URL(fileURLWithPath: Self.home(environment)).appendingPathComponent("secrets"),
            environment: environment)
    }

    /// The endpoints of one direction: outbound reads the hub and writes the partner's binding; inbound reads
    /// the partner and writes the hub's.
    public func endpoints(_ direction: BridgeDirection) -> BridgeLink.Endpoints {
        switch direction {
        case .outbound:
            BridgeLink.Endpoints(source: self.hub, destination: self.partnerBroker, destinationBinding: self.binding)
        case .inbound:
            BridgeLink.Endpoints(source: self.partnerBroker, destination: self.hub, destinationBinding: .amqp)
        }
    }
}
