public import Foundation
import Identity
import ServiceRuntime
#if canImport(FoundationNetworking)
    public import FoundationNetworking
#endif

extension ServiceTestBed {
    /// A token of the bed's identity provider, which the service trusts.
    public func token(
        subject: String, email: String? = nil, roles: [String] = [], siren: String? = nil, siret: String? = nil,
        ttl: TimeInterval = 600
    ) async throws -> String {
        try await self.identity.issue(subject: subject, email: email, roles: roles, siren: siren, siret: siret, ttl: ttl)
    }

    /// `GET path` with a bearer token.
    public func get(_ path: String, token: String?) async throws -> (status: Int, body: Data) {
        let answer = try await self.request("GET", path, token: token)
        return (answer.status, answer.body)
    }

    /// Any request on the service's HTTP listener: the status, the body and the response.
    public func request(
        _ method: String, _ path: String, body: Data? = nil, token: String? = nil, headers: [String: String] = [:]
    ) async throws -> (status: Int, body: Data, response: HTTPURLResponse?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(try await self.host.httpPort())\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, data, http)
    }
}
