public import Foundation

/// One recorded answer of INSEE's `GET /siret/{siret}`, kept as `<siret>.json` in a recordings directory
/// (`partners/sirene/recordings/`):
///
/// ```json
/// {"status": 200, "headers": {"Retry-After": "30"}, "body": {"header": {"statut": 200, "message": "ok"}, …}}
/// ```
///
/// `body` is the JSON INSEE returns, or a string sent byte for byte (to record a body that is not JSON);
/// `headers` is optional. ``RecordedDirectory`` reads these files directly and the SireneStub serves them.
public struct SireneRecording: Sendable, Equatable {
    /// The HTTP status.
    public var status: Int
    /// Extra response headers, for example `Retry-After`.
    public var headers: [String: String]
    /// The body exactly as sent.
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Reads a recording file.
    ///
    /// - Throws: ``SireneError`` `invalidConfiguration` when the file cannot be read or lacks a numeric `status`.
    public init(contentsOf url: URL) throws(SireneError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: url), options: [.fragmentsAllowed])
        } catch {
            throw SireneError(.invalidConfiguration, "a recording file is unreadable", underlying: error)
        }
        guard let file = object as? [String: Any], let status = file["status"] as? Int else {
            throw SireneError(.invalidConfiguration, "a recording file has no numeric \"status\"", field: "status")
        }
        let headers = (file["headers"] as? [String: Any] ?? [:]).compactMapValues { "\($0)" }
        let body: Data
        switch file["body"] {
        case nil, is NSNull:
            body = Data()
        case let text as String:
            body = Data(text.utf8)
        case let json?:
            do {
                body = try JSONSerialization.data(
                    withJSONObject: json, options: [.fragmentsAllowed, .withoutEscapingSlashes])
            } catch {
                throw SireneError(.invalidConfiguration, "a recording's body cannot be written back as JSON",
                                  field: "body", underlying: error)
            }
        }
        self.init(status: status, headers: headers, body: body)
    }

    /// The recording of `siret` in `directory`, or nil when there is none.
    ///
    /// Only 14 ASCII digits name a file, so a value from a URL can never reach outside `directory`.
    public static func load(siret: String, from directory: URL) throws(SireneError) -> SireneRecording? {
        guard siret.utf8.count == 14, siret.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        let url = directory.appendingPathComponent("\(siret).json")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try SireneRecording(contentsOf: url)
        } catch {
            throw SireneError(error.code, error.message, siret: siret, field: error.field, underlying: error.underlying)
        }
    }

    /// The value of a header, whatever the case of its name.
    public func header(_ name: String) -> String? {
        self.headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
