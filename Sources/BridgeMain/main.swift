import Bridge
import Contracts
import Foundation
import Identity
import Logging
import ServiceLifecycle
import UnixSignals
import ServiceRuntime
import Topology

// passerelle-bridge [PARTNER…]: runs the bridges of the partners named (default: every partner under
// `bridges:` in $PASSERELLE_TOPOLOGY, default topology/passerelle.yaml). Exit 0 after SIGTERM/SIGINT, 2 when
// the configuration is unusable, 1 on failure. See docs/bridges.md.
let variables = ProcessInfo.processInfo.environment
ServiceMain.bootstrapLogging(variables)
let logger = Logger(label: "passerelle.bridge")
let bridges: PartnerBridges
do {
    let settings = try TopologySettings(
        contentsOf: URL(fileURLWithPath: variables["PASSERELLE_TOPOLOGY"] ?? "topology/passerelle.yaml"))
    let loaded = ContractLoader(root: URL(fileURLWithPath: variables["PASSERELLE_CONTRACTS"] ?? "contracts")).load()
    if let error = loaded.errors.first {
        throw BridgeError(.configuration, "the contracts do not load: \(error)")
    }
    let partners = CommandLine.arguments.dropFirst().isEmpty ? settings.bridges.keys.sorted() : Array(CommandLine.arguments.dropFirst())
    guard !partners.isEmpty else { throw BridgeError(.configuration, "topology/passerelle.yaml lists no bridges") }
    let configurations = try partners.map { partner throws(BridgeError) in
        try BridgeConfiguration(partner: partner, settings: settings, environment: variables)
    }
    let home = variables["PASSERELLE_HOME"] ?? ".passerelle"
    let port = Int(variables["PASSERELLE_BRIDGE_HTTP_PORT"] ?? "8090") ?? 8090
    let host = variables["PASSERELLE_BRIDGE_HTTP_HOST"] ?? "127.0.0.1"
    bridges = try PartnerBridges(
        configurations: configurations, hub: loaded.hub, stateFolder: URL(fileURLWithPath: home).appendingPathComponent("bridges"),
        http: .init(host: host, port: port), verifier: try IdentityConfiguration.environment(variables).map { TokenVerifier(settings: $0.verifier) },
        logger: logger)
    logger.info("bridges of \(partners.joined(separator: ", ")) starting; HTTP on \(host):\(port)")
} catch {
    logger.critical("passerelle-bridge cannot start: \(error)")
    exit(2)
}
do {
    let group = ServiceGroup(
        configuration: .init(services: [.init(service: bridges)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
    exit(0)
} catch {
    logger.critical("passerelle-bridge failed: \(error)")
    exit(1)
}
