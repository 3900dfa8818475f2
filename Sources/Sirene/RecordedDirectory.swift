public import Foundation
public import Identifiers

/// Establishments read from recorded INSEE answers (``SireneRecording`` files) instead of the network: for the
/// tests of callers, and for local runs without a key.
///
/// A recording goes through the same reading as a live answer, so a recorded 404, 429 or malformed body gives the
/// same ``SireneError`` as ``SireneClient`` would; a SIRET without a file is `notFound`.
public struct RecordedDirectory: EstablishmentDirectory {
    /// The directory holding `<siret>.json` files.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// `partners/sirene/recordings/` of this checkout, found from the location of this source file: valid in tests
    /// and local runs, not in a deployed binary.
    public static var repositoryRecordings: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Sources/Sirene
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // the repository
            .appendingPathComponent("partners/sirene/recordings", isDirectory: true)
    }

    /// The recordings of this checkout (``repositoryRecordings``).
    public static var repository: Self { Self(directory: Self.repositoryRecordings) }

    public func establishment(siret: SIRET) async throws(SireneError) -> Establishment {
        guard let recording = try SireneRecording.load(siret: siret.value, from: self.directory) else {
            throw SireneError(.notFound, "no recording has this SIRET", siret: siret.value, httpStatus: 404)
        }
        return try EstablishmentReader.read(
            status: recording.status, retryAfter: recording.header("Retry-After"), body: recording.body,
            siret: siret.value)
    }

    /// The SIRETs that have a recording, in ascending order.
    public func recordedSIRETs() throws(SireneError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: self.directory.path)
        } catch {
            throw SireneError(.invalidConfiguration, "the recordings directory is unreadable", underlying: error)
        }
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.filter(SIRET.isValid).sorted()
    }
}
