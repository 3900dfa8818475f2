import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where the services' HTTP listeners are: `--procurement-url` (default `$PASSERELLE_PROCUREMENT_URL`,
/// else `http://127.0.0.1:$PASSERELLE_PROCUREMENT_HTTP_PORT`, else port 8081) and `--notifications-url`
/// (likewise, port 8082), `--documents-url` (likewise, port 8083) and `--desk-url` (likewise, port 8084).
package struct ServiceEndpoints: ParsableArguments {
    package init() {}

    @Option(help: "The procurement service's URL (default: $PASSERELLE_PROCUREMENT_URL, else http://127.0.0.1:8081).")
    package var procurementURL: String?

    @Option(help: "The notifications service's URL (default: $PASSERELLE_NOTIFICATIONS_URL, else http://127.0.0.1:8082).")
    package var notificationsURL: String?

    @Option(help: "The documents service's URL (default: $PASSERELLE_DOCUMENTS_URL, else http://127.0.0.1:8083).")
    package var documentsURL: String?

    @Option(help: "The desk service's URL (default: $PASSERELLE_DESK_URL, else http://127.0.0.1:8084).")
    package var deskURL: String?

    @Option(help: "The training service's URL (default: $PASSERELLE_TRAINING_URL, else http://127.0.0.1:8085).")
    package var trainingURL: String?

    @Option(help: "The bearer token for routes that need one (default: $PASSERELLE_TOKEN; `passerelle token issue`).")
    package var token: String?

    package var bearer: String? { self.token ?? ProcessInfo.processInfo.environment["PASSERELLE_TOKEN"] }

    package var procurement: String { Self.resolve(self.procurementURL, service: "PROCUREMENT", port: 8081) }
    package var notifications: String { Self.resolve(self.notificationsURL, service: "NOTIFICATIONS", port: 8082) }
    package var documents: String { Self.resolve(self.documentsURL, service: "DOCUMENTS", port: 8083) }
    package var desk: String { Self.resolve(self.deskURL, service: "DESK", port: 8084) }
    package var training: String { Self.resolve(self.trainingURL, service: "TRAINING", port: 8085) }

    private static func resolve(_ option: String?, service: String, port: Int) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let option { return option }
        if let url = environment["PASSERELLE_\(service)_URL"] { return url }
        return "http://127.0.0.1:\(environment["PASSERELLE_\(service)_HTTP_PORT"] ?? String(port))"
    }
}

/// A small HTTP client for the services' listeners.
package struct ServiceHTTP: Sendable {
    package struct Reply: Sendable {
        package var status: Int
        package var body: Data
        package var text: String { String(decoding: self.body, as: UTF8.self) }
    }

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    package static func request(
        _ method: String, _ url: String, body: Data? = nil, contentType: String? = nil, token: String? = nil
    ) async throws -> Reply {
        guard let target = URL(string: url) else { throw Failure(description: "bad URL \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.timeoutInterval = 30
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
        } catch {
            throw Failure(description: "\(method) \(url): \(error.localizedDescription)")
        }
    }
}
