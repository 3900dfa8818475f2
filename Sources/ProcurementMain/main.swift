import Foundation
import Logging
import ProcurementService
import ServiceRuntime

// `passerelle-procurement`: the procurement service until SIGTERM or SIGINT. Configuration from the
// environment: ServiceConfiguration.environment(service: "procurement") (broker, database, HTTP port
// PASSERELLE_PROCUREMENT_HTTP_PORT) and ProcurementSettings.environment() (master key, public URL);
// contracts from $PASSERELLE_CONTRACTS (default ./contracts), topology settings from $PASSERELLE_TOPOLOGY.
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = ProcessInfo.processInfo.environment["PASSERELLE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return handler
}
let logger = Logger(label: "passerelle.procurement")
let environment = ProcessInfo.processInfo.environment
do {
    let configuration = try ServiceConfiguration.environment(service: "procurement")
    let settings = try ProcurementSettings.environment()
    let host = try ServiceHost.load(
        definition: ProcurementService.definition(settings: settings), configuration: configuration,
        contracts: URL(fileURLWithPath: environment["PASSERELLE_CONTRACTS"] ?? "contracts"),
        settings: environment["PASSERELLE_TOPOLOGY"].map { URL(fileURLWithPath: $0) }, logger: logger)
    try await host.run()
    exit(0)
} catch {
    logger.critical("procurement failed: \(error)")
    exit(1)
}
