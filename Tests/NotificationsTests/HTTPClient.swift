import ContractTypes
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A tiny HTTP client for the service's routes.
struct HTTPClient {
    let base: String

    struct Answer {
        var status: Int
        var body: String
        /// The problem of a refusal (RFC 9457): `code`, `field`, `rule`.
        var problem: [String: String] {
            let object = (try? JSONSerialization.jsonObject(with: Data(self.body.utf8))) as? [String: Any] ?? [:]
            return object.compactMapValues { $0 as? String }
        }
        func json<T: Decodable>(_ type: T.Type) throws -> T {
            let decoder = ContractCoding.makeDecoder()
            return try decoder.decode(T.self, from: Data(self.body.utf8))
        }
    }

    func request(
        _ method: String, _ path: String, body: String? = nil, contentType: String = "application/json", token: String? = nil
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: path.hasPrefix("http") ? path : self.base + path)!)
        request.httpMethod = method
        if let token {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self))
    }
}
