import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import ServiceRuntime
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The HTTP layer every service gets from its listener: problems as RFC 9457 JSON, request ids, bodies read
/// with errors that name the field.
@Suite(.timeLimit(.minutes(1))) struct ServiceHTTPTests {
    struct Order: Decodable {
        struct Line: Decodable {
            var sku: String
            var quantity: Int
        }

        var reference: String
        var lines: [Line]
    }

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data

        func problem() throws -> ServiceProblem.Body {
            try JSONDecoder().decode(ServiceProblem.Body.self, from: self.body)
        }
    }

    static func routes(_ routes: ServiceRoutes) {
        routes.get("/refused", .anonymous(sees: "a problem", rateLimited: false)) { _, _, _ -> String in
            throw ServiceProblem(.conflict, code: "tenderClosed", field: "tenderId", rule: "domain §2.3", "the tender is closed")
        }
        routes.get("/broken", .anonymous(sees: "a problem", rateLimited: false)) { _, _, _ -> String in
            struct Secret: Error {}
            throw Secret()
        }
        routes.post("/orders", .anonymous(sees: "its order", rateLimited: false, bodyLimit: 256)) { request, _, _ -> Response in
            let order = try await ServiceHTTP.decode(Order.self, from: request, limit: 256)
            return try ServiceHTTP.json(["reference": order.reference], status: .created)
        }
    }

    /// Runs a service listener with the routes above and calls `body` with a request function.
    func withServer(
        _ body: (_ request: (String, String, String?, [String: String]) async throws -> Answer) async throws -> Void
    ) async throws {
        let logger = Logger(label: "service-http-tests", factory: { _ in SwiftLogNoOpLogHandler() })
        let server = ObservabilityServer(
            configuration: .init(), metrics: RuntimeMetrics(service: "http"), health: HealthState(), logger: logger,
            routes: Self.routes)
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        let session = URLSession(configuration: .ephemeral)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await server.boundPort()
            try await body { method, path, payload, headers in
                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
                request.httpMethod = method
                request.httpBody = payload.map { Data($0.utf8) }
                for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
                let (data, response) = try await session.data(for: request)
                let http = try #require(response as? HTTPURLResponse)
                var fields: [String: String] = [:]
                for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
                return Answer(status: http.statusCode, headers: fields, body: data)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        session.invalidateAndCancel()
    }

    @Test func aProblemIsAnRFC9457Document() async throws {
        try await self.withServer { request in
            let answer = try await request("GET", "/refused", nil, ["X-Request-Id": "req-42"])
            #expect(answer.status == 409)
            #expect(answer.headers["content-type"] == "application/problem+json")
            #expect(answer.headers["x-request-id"] == "req-42")
            let body = try answer.problem()
            #expect(body.type == "urn:passerelle:problem:conflict")
            #expect(body.title == "Conflicts with the current state")
            #expect(body.status == 409)
            #expect(body.code == "tenderClosed")
            #expect(body.field == "tenderId")
            #expect(body.rule == "domain §2.3")
            #expect(body.detail == "the tender is closed")
            #expect(body.instance == "/refused")
            #expect(body.requestId == "req-42")
        }
    }

    @Test func anUnexpectedErrorSaysNothingOfItself() async throws {
        try await self.withServer { request in
            let answer = try await request("GET", "/broken", nil, ["X-Request-Id": "bad id with spaces"])
            #expect(answer.status == 500)
            let body = try answer.problem()
            #expect(body.code == "internal")
            #expect(!body.detail.contains("Secret"))
            // An unusable incoming id is replaced by the server's own.
            let id = try #require(answer.headers["x-request-id"])
            #expect(id != "bad id with spaces" && !id.isEmpty && body.requestId == id)
        }
    }

    @Test func aBodyThatDoesNotDecodeNamesTheFieldAndTheRule() async throws {
        try await self.withServer { request in
            let missing = try await request("POST", "/orders", #"{"reference":"A","lines":[{"sku":"x"}]}"#, [:])
            #expect(missing.status == 400)
            #expect(try missing.problem().field == "lines[0].quantity")
            #expect(try missing.problem().rule == "required")
            let mistyped = try await request("POST", "/orders", #"{"reference":"A","lines":[{"sku":"x","quantity":"two"}]}"#, [:])
            #expect(try mistyped.problem().field == "lines[0].quantity")
            #expect(try mistyped.problem().rule == "type Int")
            #expect(try await request("POST", "/orders", "{not json", [:]).problem().field == "body")
            let large = try await request("POST", "/orders", String(repeating: " ", count: 300) + "{}", [:])
            #expect(large.status == 413)
            let created = try await request("POST", "/orders", #"{"reference":"A","lines":[]}"#, [:])
            #expect(created.status == 201)
            #expect(String(decoding: created.body, as: UTF8.self) == #"{"reference":"A"}"#)
        }
    }
}
