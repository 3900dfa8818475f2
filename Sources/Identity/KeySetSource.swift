import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where the identity provider's public keys (a JWKS document, RFC 7517 §5) are read from: a file, or an
/// HTTPS URL (plain HTTP only to a loopback address, for tests and local providers).
public enum KeySetSource: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case url(URL)

    /// Reads `https://…` or `http://127.0.0.1…` as a URL and anything else as a file path.
    ///
    /// - Throws: ``IdentityError`` (`keySetUnavailable`) for an `http://` URL to a non-loopback host.
    public init(_ text: String) throws(IdentityError) {
        if text.hasPrefix("https://") || text.hasPrefix("http://"), let url = URL(string: text) {
            guard url.scheme == "https" || ["127.0.0.1", "localhost", "::1"].contains(url.host ?? "") else {
                throw IdentityError(.keySetUnavailable, "a key set URL is https:// (http:// only to a loopback address)")
            }
            self = .url(url)
        } else {
            self = .file(text)
        }
    }

    public var description: String {
        switch self {
        case .file(let path): path
        case .url(let url): url.absoluteString
        }
    }

    /// The largest key set read: a JWKS of a few keys is a few KiB.
    static let maxBytes = 256 * 1024

    func read() async throws(IdentityError) -> Data {
        let data: Data
        switch self {
        case .file(let path):
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw IdentityError(.keySetUnavailable, "cannot read the key set file \(path)")
            }
        case .url(let url):
            var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 5)
            request.setValue("application/json", forHTTPHeaderField: "Accept")
            do {
                let (body, response) = try await URLSession.shared.data(for: request)
                guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
                    throw IdentityError(.keySetUnavailable, "the key set URL \(url) did not answer 200")
                }
                data = body
            } catch let error as IdentityError {
                throw error
            } catch {
                throw IdentityError(.keySetUnavailable, "cannot fetch the key set from \(url)")
            }
        }
        guard data.count <= Self.maxBytes else {
            throw IdentityError(.keySetUnavailable, "the key set \(self) is larger than \(Self.maxBytes) bytes")
        }
        return data
    }
}
