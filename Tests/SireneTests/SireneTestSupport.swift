import Foundation
import Identifiers
import Logging
import Sirene
import SireneStub

/// The key the stubs of these tests expect.
let stubKey = "test-integration-key"

/// A valid SIRET with no recording.
let unknownSIRET = "99999999800019"

let quietLogger = Logger(label: "sirene-tests") { _ in SwiftLogNoOpLogHandler() }

func siret(_ text: String) throws -> SIRET {
    try SIRET(text)
}

/// Runs a stub on an ephemeral port for the duration of `body`.
func withStub<Result>(
    recordings: URL = RecordedDirectory.repositoryRecordings,
    rateLimit: RateLimit? = nil,
    _ body: (SireneStubServer, URL) async throws -> Result
) async throws -> Result {
    let stub = SireneStubServer(
        configuration: .init(recordings: recordings, apiKey: stubKey, rateLimit: rateLimit), logger: quietLogger)
    return try await stub.withRunning { baseURL in try await body(stub, baseURL) }
}

func makeClient(
    _ baseURL: URL,
    apiKey: String = stubKey,
    timeout: Duration = .seconds(60),
    rateLimit: RateLimit = RateLimit(requests: 1000, per: .seconds(1)),
    maxWait: Duration = .seconds(2)
) throws -> SireneClient {
    let configuration = try SireneClient.Configuration(
        baseURL: baseURL, apiKey: apiKey, timeout: timeout, rateLimit: rateLimit, maxWait: maxWait)
    return SireneClient(configuration: configuration, logger: quietLogger)
}

/// The error looking `siret` up throws, or nil when the establishment is found.
func lookupError(_ directory: some EstablishmentDirectory, _ siret: SIRET) async -> SireneError? {
    do {
        _ = try await directory.establishment(siret: siret)
        return nil
    } catch {
        return error
    }
}

/// A fresh directory holding `files` (name → content), removed by the caller with `removeDirectory`.
func temporaryRecordings(_ files: [String: String]) throws -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("sirene-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (name, content) in files {
        try Data(content.utf8).write(to: directory.appendingPathComponent(name))
    }
    return directory
}

func removeDirectory(_ url: URL) {
    try? FileManager.default.removeItem(at: url)
}

/// The text of a repository recording.
func recordingText(_ siret: String) throws -> String {
    let url = RecordedDirectory.repositoryRecordings.appendingPathComponent("\(siret).json")
    return try String(contentsOf: url, encoding: .utf8)
}
