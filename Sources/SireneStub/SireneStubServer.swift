public import Foundation
import Hummingbird
public import Logging
import NIOCore
public import Sirene

/// A stand-in for INSEE's API Sirene on 127.0.0.1: `GET /siret/{siret}` answered from recordings
/// (``SireneRecording`` files, `partners/sirene/recordings/`), with the key check, a rate limit and a forced outage
/// driven through ``controls``.
///
/// ```swift
/// let stub = SireneStubServer(configuration: .init(recordings: RecordedDirectory.repositoryRecordings, apiKey: "k"))
/// try await stub.withRunning { baseURL in
///     let client = SireneClient(configuration: try .init(baseURL: baseURL, apiKey: "k"))
///     …
/// }
/// ```
///
/// > Note: Call ``run()`` once per value.
public struct SireneStubServer: Sendable {
    public struct Configuration: Sendable {
        /// The directory of `<siret>.json` recordings.
        public var recordings: URL
        /// The key expected in `X-INSEE-Api-Key-Integration`.
        public var apiKey: String
        /// The TCP port on 127.0.0.1; 0 lets the system pick a free one (see ``SireneStubServer/boundPort()``).
        public var port: Int
        /// The simulated rate limit (a fixed window); nil for none.
        public var rateLimit: RateLimit?

        public init(recordings: URL, apiKey: String, port: Int = 0, rateLimit: RateLimit? = nil) {
            self.recordings = recordings
            self.apiKey = apiKey
            self.port = port
            self.rateLimit = rateLimit
        }
    }

    /// The host the stub binds: loopback only.
    public static let host = "127.0.0.1"

    public let configuration: Configuration
    /// Changes the stub's behaviour while it runs.
    public let controls: SireneStubControls
    private let logger: Logger
    private let port = StubPort()

    public init(configuration: Configuration, logger: Logger = Logger(label: "passerelle.sirene-stub")) {
        self.configuration = configuration
        self.controls = SireneStubControls(rateLimit: configuration.rateLimit)
        self.logger = logger
    }

    /// Waits until the listener is bound and returns its port (the real one when configured with 0).
    ///
    /// - Throws: The server's error if it failed to start or has stopped; `CancellationError` if the calling task
    ///   is cancelled while waiting.
    public func boundPort() async throws -> Int {
        try await self.port.value()
    }

    /// The base URL to give ``SireneClient``: `http://127.0.0.1:<port>`.
    public func baseURL() async throws -> URL {
        URL(string: "http://\(Self.host):\(try await self.boundPort())")!
    }

    /// Serves requests until the task is cancelled.
    public func run() async throws {
        let port = self.port
        let requestedPort = self.configuration.port
        let router = SireneStubRoutes.router(
            recordings: self.configuration.recordings, apiKey: self.configuration.apiKey, controls: self.controls)
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(Self.host, port: requestedPort)),
            onServerRunning: { channel in
                port.resolve(channel.localAddress?.port ?? requestedPort)
            },
            logger: self.logger
        )
        do {
            try await application.run()
        } catch {
            port.end(error)
            throw error
        }
        port.end(CancellationError())
    }

    /// Runs the stub for the duration of `body`, which receives its base URL; stops it afterwards.
    public func withRunning<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            defer { group.cancelAll() }
            return try await body(try await self.baseURL())
        }
    }
}
