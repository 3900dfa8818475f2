import Foundation
import Logging
import RuntimeSamples
import ServiceRuntime

// `passerelle-sample alpha|beta`: runs a sample service until SIGTERM or SIGINT, configured from the
// environment (ServiceConfiguration.environment), with the contracts in $PASSERELLE_CONTRACTS (default
// samples/contracts) and the topology settings in $PASSERELLE_TOPOLOGY (default: built-in defaults).
// Used by the runtime's process-level tests (kill -9, SIGTERM).
let arguments = CommandLine.arguments
guard arguments.count == 2, ["alpha", "beta"].contains(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: passerelle-sample alpha|beta\n".utf8))
    exit(2)
}
let name = arguments[1]
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = ProcessInfo.processInfo.environment["PASSERELLE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return handler
}
let logger = Logger(label: "passerelle.\(name)")
let environment = ProcessInfo.processInfo.environment
do {
    var configuration = try ServiceConfiguration.environment(service: name)
    configuration.shutdownTimeout = .seconds(20)
    let definition = name == "alpha" ? SampleServices.alpha() : SampleServices.beta()
    let host = try ServiceHost.load(
        definition: definition, configuration: configuration,
        contracts: URL(fileURLWithPath: environment["PASSERELLE_CONTRACTS"] ?? "samples/contracts"),
        settings: environment["PASSERELLE_TOPOLOGY"].map { URL(fileURLWithPath: $0) }, logger: logger)
    try await host.run()
    exit(0)
} catch {
    logger.critical("\(name) failed: \(error)")
    exit(1)
}
