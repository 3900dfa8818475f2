import Foundation
import ServiceRuntime
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small client for the service's routes, and the RFC 9457 problems they answer.
struct HTTPClient: Sendable {
    let base: String
    /// Sent as `Authorization: Bearer …` when set.
    var token: String?

    struct Answer: Sendable {
        var status: Int
        var contentType: String?
        var body: Data

        /// The body as a problem (`application/problem+json`).
        func problem() throws -> ServiceProblem.Body {
            try JSONDecoder().decode(ServiceProblem.Body.self, from: self.body)
        }
    }

    func request(_ method: String, _ path: String, body: Data? = nil) async throws -> Answer {
        var request = URLRequest(url: URL(string: self.base + path)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return Answer(
            status: http?.statusCode ?? 0, contentType: http?.value(forHTTPHeaderField: "Content-Type"), body: data)
    }

    func get(_ path: String) async throws -> Answer {
        try await self.request("GET", path)
    }

    /// `path?query` with the query percent-encoded (`+` too).
    static func path(_ path: String, _ query: [(String, String)]) -> String {
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return encoded.isEmpty ? path : "\(path)?\(encoded)"
    }
}

/// The assertions every HTTP refusal test makes: the status, the problem's code, field and rule.
func expectProblem(
    _ answer: HTTPClient.Answer, status: Int, _ code: String, field: String?, rule: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(answer.status == status, sourceLocation: sourceLocation)
    #expect(answer.contentType == "application/problem+json", sourceLocation: sourceLocation)
    let problem = try answer.problem()
    #expect(problem.status == status, sourceLocation: sourceLocation)
    #expect(problem.code == code, sourceLocation: sourceLocation)
    #expect(problem.field == field, sourceLocation: sourceLocation)
    if let rule {
        #expect(problem.rule?.contains(rule) == true, "rule: \(problem.rule ?? "none")", sourceLocation: sourceLocation)
    }
    #expect(problem.requestId != nil, sourceLocation: sourceLocation)
}
