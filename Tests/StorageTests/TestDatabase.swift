import Foundation
import Logging
import Storage
import Synchronization
import Testing

/// Where the integration tests find PostgreSQL: `PASSERELLE_PG_URL`, else libpq's `PG*` variables
/// (`eval "$(scripts/infra env)"` exports both).
enum TestDatabase {
    static let environment = ProcessInfo.processInfo.environment

    /// Whether a server is configured (or required, with `PASSERELLE_REQUIRE_INTEGRATION=1`).
    static var isConfigured: Bool {
        self.environment["PASSERELLE_PG_URL"] != nil || self.environment["PGHOST"] != nil
            || self.environment["PASSERELLE_REQUIRE_INTEGRATION"] == "1"
    }

    static let logger: Logger = {
        var logger = Logger(label: "passerelle.storage.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// The admin configuration, with a recognizable `application_name`.
    static func configuration(applicationName: String = "passerelle-tests", poolSize: Int = 5) throws
        -> PostgresConfiguration
    {
        var configuration = try PostgresConfiguration(connectionString: self.environment["PASSERELLE_PG_URL"] ?? "")
        configuration.options.applicationName = applicationName
        configuration.options.poolSize = poolSize
        return configuration
    }

    /// A random lowercase suffix for schema, role and channel names.
    static func suffix() -> String {
        String(UUID().uuidString.lowercased().replacing("-", with: "").prefix(10))
    }

    /// The client and schema of the running test, set by ``TemporarySchemaTrait``.
    @TaskLocal static var current: Scope?

    struct Scope: Sendable {
        let client: PostgresClient
        let schema: String
    }

    /// The running test's scope.
    static var scope: Scope {
        get throws { try #require(self.current, "add the .temporarySchema trait to this test") }
    }
}

/// Gives a test its own schema (`test_<suffix>`) and a client whose `search_path` is that schema; drops both
/// afterwards, whether the test passed or not.
struct TemporarySchemaTrait: TestTrait, SuiteTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        guard testCase != nil || !test.isSuite else {
            try await function()
            return
        }
        let schema = "test_\(TestDatabase.suffix())"
        var configuration = try TestDatabase.configuration(applicationName: "passerelle-tests \(schema)")
        configuration[parameter: "options"] = "-c search_path=\(schema)"
        let client = PostgresClient(configuration: configuration, logger: TestDatabase.logger)
        try await client.execute("CREATE SCHEMA \(unescaped: PostgresIdentifier.quote(schema))")
        do {
            try await TestDatabase.$current.withValue(TestDatabase.Scope(client: client, schema: schema)) {
                try await function()
            }
        } catch {
            _ = try? await client.execute(
                "DROP SCHEMA IF EXISTS \(unescaped: PostgresIdentifier.quote(schema)) CASCADE")
            await client.close()
            throw error
        }
        try await client.execute("DROP SCHEMA IF EXISTS \(unescaped: PostgresIdentifier.quote(schema)) CASCADE")
        await client.close()
    }
}

extension Trait where Self == TemporarySchemaTrait {
    /// Runs each test in its own schema, dropped afterwards.
    static var temporarySchema: Self { Self() }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if try await condition() {
            return true
        }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// Lets `parties` tasks wait for each other once.
actor TestBarrier {
    private let parties: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(parties: Int) {
        self.parties = parties
    }

    func arriveAndWait() async {
        self.arrived += 1
        if self.arrived >= self.parties {
            self.waiting.forEach { $0.resume() }
            self.waiting.removeAll()
            return
        }
        await withCheckedContinuation { self.waiting.append($0) }
    }
}

/// A value shared between a test and the tasks it starts.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        self.mutex = Mutex(value)
    }

    var value: Value {
        self.mutex.withLock { $0 }
    }

    func update(_ body: (inout Value) -> Void) {
        self.mutex.withLock { body(&$0) }
    }
}
