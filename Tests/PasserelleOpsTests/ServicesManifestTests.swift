import Foundation
import PasserelleOps
import Testing

/// Reading `services.yaml`: the repository's own manifest, and one malformed manifest per rule, each error
/// naming the line, the field and the rule.
@Suite struct ServicesManifestTests {
    /// A valid manifest of two services; tests break one line of it.
    static let valid = """
        services:
          - name: procurement
            product: passerelle-procurement
            summary: Tenders and bids.
            http: {port: 8081, variable: PASSERELLE_PROCUREMENT_HTTP_PORT}
            routes: ["/tenders/{id}", "POST /tenders/{id}/bids", /health/ready]
            secrets:
              - {file: procurement-master.key, variable: PASSERELLE_PROCUREMENT_MASTER_KEY, about: the master key}
          - name: notifications
            product: passerelle-notifications
            summary: E-mail notices.
            http: {port: 8082, variable: PASSERELLE_NOTIFICATIONS_HTTP_PORT}
            routes: [/subscriptions]
            needs: [smtp]
        """

    static func error(_ yaml: String) -> ServicesError? {
        do {
            _ = try ServicesManifest(yaml: yaml)
            return nil
        } catch {
            return error
        }
    }

    /// `valid` with `old` replaced by `new` (which must occur once).
    static func broken(_ old: String, _ new: String) -> String {
        precondition(Self.valid.components(separatedBy: old).count == 2, "\(old) must occur once")
        return Self.valid.replacingOccurrences(of: old, with: new)
    }

    @Test func readsEveryFieldInFileOrder() throws {
        let manifest = try ServicesManifest(yaml: Self.valid)
        #expect(manifest.services.map(\.name) == ["procurement", "notifications"])
        let procurement = try #require(manifest.service(named: "procurement"))
        #expect(procurement.product == "passerelle-procurement")
        #expect(procurement.http == .init(port: 8081, variable: "PASSERELLE_PROCUREMENT_HTTP_PORT"))
        #expect(procurement.routes == ["/tenders/{id}", "POST /tenders/{id}/bids", "/health/ready"])
        #expect(procurement.needs.isEmpty)
        #expect(procurement.secrets.map(\.file) == ["procurement-master.key"])
        #expect(procurement.environmentPrefix == "PASSERELLE_PROCUREMENT")
        #expect(manifest.service(named: "notifications")?.needs == ["smtp"])
    }

    @Test func theRepositoryManifestKeepsTodaysNamesAndPorts() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("services.yaml")
        let manifest = try ServicesManifest(contentsOf: url)
        #expect(manifest.services.map(\.name) == ["procurement", "notifications", "documents", "desk", "training"])
        #expect(manifest.services.map(\.http.port) == [8081, 8082, 8083, 8084, 8085])
        #expect(
            manifest.services.map(\.http.variable)
                == [
                    "PASSERELLE_PROCUREMENT_HTTP_PORT", "PASSERELLE_NOTIFICATIONS_HTTP_PORT", "PASSERELLE_DOCUMENTS_HTTP_PORT",
                    "PASSERELLE_DESK_HTTP_PORT", "PASSERELLE_TRAINING_HTTP_PORT",
                ])
        #expect(manifest.service(named: "procurement")?.secrets.map(\.file) == ["procurement-master.key"])
        #expect(manifest.service(named: "desk")?.secrets.map(\.file) == ["sirene.key"])
    }

    @Test func thePortVariableMovesThePortWhenItIsAPort() throws {
        let service = try #require(try ServicesManifest(yaml: Self.valid).service(named: "procurement"))
        #expect(service.port(environment: [:]) == 8081)
        #expect(service.port(environment: ["PASSERELLE_PROCUREMENT_HTTP_PORT": "9181"]) == 9181)
        #expect(service.port(environment: ["PASSERELLE_PROCUREMENT_HTTP_PORT": "nope"]) == 8081)
    }

    /// Each case: the broken manifest, the field the error must name, and a part of the rule.
    static let malformed: [(yaml: String, field: String, rule: String)] = [
        ("services: []", "services", "non-empty list"),
        ("servces: []", "servces", "unknown field"),
        (broken("    summary: Tenders and bids.\n", ""), "services[0].summary", "required"),
        (broken("name: procurement", "name: Procurement"), "services[0].name", "lowercase letter"),
        (broken("name: notifications", "name: procurement"), "services[1].name", "must be unique"),
        (broken("product: passerelle-procurement", "product: procurement"), "services[0].product",
            "must be passerelle-procurement"),
        (broken("port: 8081", "port: 99999"), "services[0].http.port", "TCP port 1–65535"),
        (broken("port: 8082", "port: 8081"), "services[1].http.port", "must be unique"),
        (broken("variable: PASSERELLE_PROCUREMENT_HTTP_PORT", "variable: PROCUREMENT_PORT"),
            "services[0].http.variable", "must be PASSERELLE_PROCUREMENT_HTTP_PORT"),
        (broken("routes: [/subscriptions]", "routes: [subscriptions]"), "services[1].routes[0]",
            "must be /path or METHOD /path"),
        (broken("routes: [/subscriptions]", "routes: []"), "services[1].routes", "at least one route"),
        (broken("needs: [smtp]", "needs: [redis]"), "services[1].needs[0]", "must be one of: smtp"),
        (broken("file: procurement-master.key", "file: ../master.key"), "services[0].secrets[0].file",
            "must be a file name"),
        (broken("file: procurement-master.key", "file: notifications"), "services[0].secrets[0].file",
            "must not be a service name"),
        (broken("variable: PASSERELLE_PROCUREMENT_MASTER_KEY", "variable: master-key"),
            "services[0].secrets[0].variable", "environment variable name"),
        (broken("    needs: [smtp]", "    needs: [smtp]\n    port: 1"), "services[1].port", "unknown field"),
        (broken("summary: E-mail notices.", "summary: [E-mail]"), "services[1].summary", "must be a string"),
    ]

    @Test(arguments: Self.malformed.indices)
    func aMalformedManifestNamesTheFieldAndTheRule(_ index: Int) throws {
        let (yaml, field, rule) = Self.malformed[index]
        let error = try #require(Self.error(yaml), "case \(index) must fail")
        #expect(error.code == .invalidManifest)
        #expect(error.field == field, "\(error)")
        #expect(error.rule.contains(rule), "\(error)")
        #expect(error.line != nil, "\(error)")
        #expect("\(error)".hasPrefix("services.yaml:"))
        #expect("\(error)".contains(field))
    }

    @Test func theErrorGivesTheLineOfTheOffendingValue() throws {
        let error = try #require(Self.error(Self.broken("port: 8082", "port: 0")))
        #expect(error.line == 12)
        #expect("\(error)" == "services.yaml:12: services[1].http.port: must be a TCP port 1–65535, got 0")
    }

    @Test func invalidYAMLIsAnInvalidManifest() throws {
        let error = try #require(Self.error("services: [\n"))
        #expect(error.code == .invalidManifest)
        #expect(error.rule.hasPrefix("not valid YAML"))
    }

    @Test func aMissingFileIsUnreadable() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID()).yaml")
        #expect(throws: ServicesError.self) { try ServicesManifest(contentsOf: url) }
        do {
            _ = try ServicesManifest(contentsOf: url)
        } catch {
            #expect(error.code == .unreadable)
        }
    }
}
