import Foundation
import ServiceRuntime
import ServiceRuntimeTesting
import Testing

/// Every route of the documents service anonymously (401), and Dijon's act, authority and operations as an agent of
/// another body (403): the route table's rules hold for the wrong person.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct DocumentsRouteAccessTests {
    @Test func everyRouteRefusesTheAnonymousAndTheOtherBodysAgent() async throws {
        try await DocumentsBed.run { bed in
            let submitted = try await bed.submit(numero: "ACCES_1")
            let actId = try #require(submitted.json["actId"] as? String)
            let someone = UUID().uuidString.lowercased()
            let declared = try bed.bed.host.routeTable()
            #expect(declared.filter { $0.authentication == .required }.count >= 15)
            for route in declared where route.authentication == .required {
                let path = route.path
                    .replacingOccurrences(of: ":siren", with: DocumentsBed.siren)
                    .replacingOccurrences(of: ":letter", with: someone)
                    .replacingOccurrences(of: ":id", with: actId)
                let answer = try await bed.bed.request(route.method, path, body: route.method == "GET" ? nil : Data("{}".utf8))
                #expect(answer.status == 401, "\(route.method) \(path)")
            }
            let outsider = try await bed.bed.token(subject: "agent-besancon", siren: "212500565")
            let wrongPerson: [(String, String, [String: Any])] = [
                ("GET", "/authorities/\(DocumentsBed.siren)", [:]),
                ("POST", "/authorities/\(DocumentsBed.siren)/classification/refresh", [:]),
                ("PUT", "/authorities/\(DocumentsBed.siren)/classification", ["date": "2026-01-15", "natures": [], "matters": []]),
                ("GET", "/authorities/\(DocumentsBed.siren)/pes-returns", [:]),
                ("GET", "/acts/\(actId)", [:]),
                ("GET", "/acts?siren=\(DocumentsBed.siren)", [:]),
                ("POST", "/acts/\(actId)/cancel", ["reason": "pas le mien"]),
                ("POST", "/acts/\(actId)/publication", ["publishedOn": DocumentsBed.daysAgo(1)]),
                ("POST", "/acts/\(actId)/letters/\(someone)/answer", ["answerType": 4, "files": []]),
                ("GET", "/operations/stuck", [:]),
                ("GET", "/operations/alerts", [:]),
                ("GET", "/operations/returns", [:]),
                ("POST", "/operations/returns/\(someone)/resolve", ["resolution": "non"]),
            ]
            for (method, path, body) in wrongPerson {
                let answer = try await bed.call(method, path, method == "GET" ? nil : body, token: outsider)
                #expect(answer.status == 403, "\(method) \(path): \(answer.json ?? "")")
            }
        }
    }
}
