import Bridge
import DeskService
import TrainingService
import DocumentsService
import Foundation
import Mailer
import Messaging
import NotificationsService
import ProcurementDomain
import ProcurementService
import ServiceRuntime
import Sirene
import Storage
import Testing

/// The route walk of issue 15: every route of every service's listener has a declared rule (the listener
/// would not start otherwise), and `docs/security.md` lists them all as they are declared.
/// `PASSERELLE_UPDATE_GOLDEN=1` rewrites the table.
@Suite struct RouteTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct NoMail: MailTransport {
        func send(_ message: MailMessage) async throws -> MailReceipt { throw CancellationError() }
    }

    func host(_ definition: ServiceDefinition) throws -> ServiceHost {
        var postgres = PostgresConfiguration(host: "127.0.0.1", port: 5432, user: "nobody", password: nil, database: "none")
        postgres.options.poolSize = 1
        return try ServiceHost.load(
            definition: definition, configuration: ServiceConfiguration(amqp: .init(), postgres: postgres),
            contracts: Self.root.appendingPathComponent("contracts"), settings: nil, logger: IntegrationEnvironment.logger)
    }

    @Test func everyRouteHasARuleAndTheDocumentListsThemAll() throws {
        let procurement = try self.host(
            ProcurementService.definition(
                settings: ProcurementSettings(masterKey: MasterKey.generate(), publicURL: "http://127.0.0.1", claimRoots: ["/nonexistent"])))
        let notifications = try self.host(
            NotificationsService.definition(
                settings: NotificationsSettings(from: MailAddress("no-reply@passerelle.test", name: "Passerelle")), transport: NoMail()))
        let documents = try self.host(DocumentsService.definition(settings: DocumentsSettings(storeDirectory: "/nonexistent")))
        let desk = try self.host(
            DeskService.definition(
                settings: DeskSettings(
                    catalogueDirectory: Self.root.appendingPathComponent("catalogue/desk"),
                    directory: RecordedDirectory(directory: Self.root.appendingPathComponent("partners/sirene/recordings")))))
        var rows: [String] = []
        let training = try self.host(
            TrainingService.definition(
                settings: TrainingSettings(catalogueFile: Self.root.appendingPathComponent("catalogue/training/courses.yaml"))))
        for host in [procurement, notifications, documents, desk, training] {
            let table = try host.routeTable()
            #expect(!table.isEmpty)
            // Nothing confidential is anonymous without being said so: each rule names who and what.
            #expect(table.allSatisfy { !$0.who.isEmpty && !$0.sees.isEmpty })
            rows += RouteTable.markdownRows(service: host.definition.name, table)
        }
        let bridge = try PartnerBridges.routeTable()
        #expect(bridge.allSatisfy { !$0.who.isEmpty && !$0.sees.isEmpty })
        #expect(bridge.contains { $0.method == "POST" && $0.path.hasSuffix("/pause") && $0.roles == ["operator"] })
        rows += RouteTable.markdownRows(service: "bridge", bridge)
        let table = (["| service | route | access | who may call it | what they see |", "|---|---|---|---|---|"] + rows)
            .joined(separator: "\n")
        let document = Self.root.appendingPathComponent("docs/security.md")
        var text = try String(contentsOf: document, encoding: .utf8)
        let begin = "<!-- routes:begin -->\n"
        let end = "\n<!-- routes:end -->"
        let start = try #require(text.range(of: begin))
        let stop = try #require(text.range(of: end, range: start.upperBound..<text.endIndex))
        let current = String(text[start.upperBound..<stop.lowerBound])
        if ProcessInfo.processInfo.environment["PASSERELLE_UPDATE_GOLDEN"] == "1", current != table {
            text.replaceSubrange(start.upperBound..<stop.lowerBound, with: table)
            try text.write(to: document, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == table, "docs/security.md's route table is out of date; run with PASSERELLE_UPDATE_GOLDEN=1")
    }
}
