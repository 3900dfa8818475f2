import Foundation
public import Logging

/// The whole `main` of a service process:
///
/// ```swift
/// await ServiceMain.run("procurement") { environment in
///     ProcurementService.definition(settings: try ProcurementSettings.environment())
/// }
/// ```
///
/// It bootstraps logging to standard error at `PASSERELLE_LOG_LEVEL` (default `info`), reads
/// ``ServiceConfiguration/environment(service:)``, loads the contracts from `$PASSERELLE_CONTRACTS`
/// (default `contracts`) and the topology settings from `$PASSERELLE_TOPOLOGY`, runs the service until
/// SIGTERM or SIGINT, and exits with 0 after a clean stop, 2 when the configuration is unusable (nothing
/// started), 1 when the service failed.
public enum ServiceMain {
    /// What building a service's definition may read.
    public struct Environment: Sendable {
        /// The process environment.
        public var variables: [String: String]
        /// The service's logger (`passerelle.<name>`).
        public var logger: Logger
    }

    /// Sends every log to standard error at `PASSERELLE_LOG_LEVEL` (default `info`). Call once, first thing.
    public static func bootstrapLogging(_ variables: [String: String]) {
        let level = variables["PASSERELLE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    public static func run(
        _ name: String,
        defaultContracts: String = "contracts",
        configure: @Sendable (inout ServiceConfiguration) -> Void = { _ in },
        _ definition: (Environment) throws -> ServiceDefinition
    ) async -> Never {
        let variables = ProcessInfo.processInfo.environment
        Self.bootstrapLogging(variables)
        let logger = Logger(label: "passerelle.\(name)")
        let host: ServiceHost
        do {
            var configuration = try ServiceConfiguration.environment(service: name)
            configuration.identity = try IdentityConfiguration.environment(variables)
            configuration.operatorUsers = IdentityConfiguration.operatorUsers(variables)
            if configuration.identity == nil {
                logger.warning("no identity key set (PASSERELLE_IDENTITY_JWKS): every route and command that needs a token is refused")
            }
            configure(&configuration)
            host = try ServiceHost.load(
                definition: try definition(Environment(variables: variables, logger: logger)),
                configuration: configuration,
                contracts: URL(fileURLWithPath: variables["PASSERELLE_CONTRACTS"] ?? defaultContracts),
                settings: variables["PASSERELLE_TOPOLOGY"].map { URL(fileURLWithPath: $0) }, logger: logger)
        } catch {
            logger.critical("\(name) cannot start: \(error)")
            exit(2)
        }
        do {
            try await host.run()
            exit(0)
        } catch {
            logger.critical("\(name) failed: \(error)")
            exit(1)
        }
    }
}
