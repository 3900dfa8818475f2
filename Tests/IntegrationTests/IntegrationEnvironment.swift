import Foundation
import Logging
import Messaging
import Testing

/// Where the integration tests find the real servers that `scripts/infra up` starts.
///
/// The defaults match `scripts/infra` and `compose.yaml`. Suites run only when the environment names a
/// broker (or `PASSERELLE_REQUIRE_INTEGRATION=1`, which `scripts/test` sets: then a missing server is a
/// failure, not a skip).
enum IntegrationEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    static var isConfigured: Bool {
        self.environment["PASSERELLE_AMQP_URL"] != nil || self.environment["PASSERELLE_REQUIRE_INTEGRATION"] == "1"
    }

    static var amqpURL: String {
        self.environment["PASSERELLE_AMQP_URL"] ?? "amqp://guest:guest@localhost:5672/%2F"
    }

    static var amqpsPort: Int {
        Int(self.environment["PASSERELLE_AMQPS_PORT"] ?? "") ?? 5671
    }

    static var home: String {
        self.environment["PASSERELLE_HOME"] ?? FileManager.default.currentDirectoryPath + "/.passerelle"
    }

    static var tlsDirectory: String {
        self.environment["PASSERELLE_TLS_DIR"] ?? self.home + "/tls"
    }

    static var rabbitmqctl: String {
        self.environment["PASSERELLE_RABBITMQCTL"] ?? self.home + "/bin/rabbitmqctl"
    }

    static func configuration(vhost: String? = nil, name: String, query: String = "") throws -> AMQPConfiguration {
        var configuration = try AMQPConfiguration(url: self.amqpURL + (query.isEmpty ? "" : "?\(query)"))
        if let vhost {
            configuration.virtualHost = vhost
        }
        configuration.connectionName = "test \(name)"
        return configuration
    }

    static let logger: Logger = {
        var logger = Logger(label: "passerelle.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// A unique name for a test's queue or exchange.
    static func uniqueName(_ prefix: String) -> String {
        "test.\(prefix).\(UUID().uuidString.lowercased().prefix(8))"
    }

    /// Runs `rabbitmqctl` against the project-local node and returns its standard output.
    @discardableResult
    static func rabbitmqctl(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: self.rabbitmqctl)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw CommandFailure(command: "rabbitmqctl \(arguments.joined(separator: " "))", status: process.terminationStatus, output: text)
        }
        return text
    }

    /// Runs `rabbitmqctl` without blocking a cooperative thread.
    static func rabbitmqctlAsync(_ arguments: String...) async throws {
        try await self.run(tool: self.rabbitmqctl, arguments)
    }

    /// Runs a `rabbitmqctl` (the hub's node's, or the partners' node's) without blocking a cooperative thread.
    static func run(tool: String, _ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else {
            throw CommandFailure(command: "\(tool) \(arguments.joined(separator: " "))", status: status, output: "")
        }
    }

    struct CommandFailure: Error, CustomStringConvertible {
        var command: String
        var status: Int32
        var output: String
        var description: String { "\(self.command) exited \(self.status): \(self.output)" }
    }
}

/// Opens a connection for one test and closes it afterwards.
func withConnection<T>(
    _ name: String,
    configuration: AMQPConfiguration? = nil,
    options: AMQPConnection.Options = AMQPConnection.Options(),
    _ body: (AMQPConnection) async throws -> T
) async throws -> T {
    let configuration = try configuration ?? IntegrationEnvironment.configuration(name: name)
    let connection = try await AMQPConnection.connect(configuration, options: options, logger: IntegrationEnvironment.logger)
    do {
        let result = try await body(connection)
        await connection.close()
        return result
    } catch {
        await connection.close()
        throw error
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(
    timeout: Duration = .seconds(30),
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if try await condition() {
            return true
        }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}
