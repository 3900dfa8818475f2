import ContractMessaging
import ContractTypes
import DocumentsService
import Foundation
import Identity
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

/// The documents service on the in-memory broker (``ServiceTestBed``) with a database of its own, a store and a
/// claims folder of its own, and one onboarded authority with a classification.
struct DocumentsBed: Sendable {
    let bed: ServiceTestBed
    let folder: URL
    let settings: DocumentsSettings
    let agent: String
    let operatorToken: String

    static let contracts = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contracts")

    /// A commune of the Côte-d'Or, SIREN with a valid Luhn key.
    static let siren = "212102313"
    static let otherSiren = "200069052"
    static let classificationDate = "2026-01-15"

    /// One documents bed at a time: every suite of the test process shares PostgreSQL's connection limit.
    static let gate = BedGate()

    static func run(
        windowBytes: Int = 2_000_000_000, signatureAnchors: String = "", _ body: (DocumentsBed) async throws -> Void
    ) async throws {
        await Self.gate.acquire()
        do {
            try await self.start(windowBytes: windowBytes, signatureAnchors: signatureAnchors, body)
            await Self.gate.release()
        } catch {
            await Self.gate.release()
            throw error
        }
    }

    private static func start(
        windowBytes: Int, signatureAnchors: String, _ body: (DocumentsBed) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-documents-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("claims"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = DocumentsSettings(
            storeDirectory: folder.appendingPathComponent("store").path, claimRoots: [folder.appendingPathComponent("claims").path],
            windowBudgetBytes: windowBytes, pollInterval: .milliseconds(100), signatureAnchors: signatureAnchors)
        try FileManager.default.createDirectory(atPath: settings.storeDirectory, withIntermediateDirectories: true)
        try await ServiceTestBed.run(
            DocumentsService.definition(settings: settings), broker: .inMemory, contracts: Self.contracts,
            configure: { $0.postgres.options.poolSize = 2 }
        ) { bed in
            let agent = try await bed.token(subject: "agent-dijon", email: "agent@mairie.example", siren: Self.siren)
            let operatorToken = try await bed.token(subject: "ops", roles: [Caller.Role.operator])
            let documents = DocumentsBed(bed: bed, folder: folder, settings: settings, agent: agent, operatorToken: operatorToken)
            try await documents.onboard(Self.siren, token: agent)
            try await documents.classify(Self.siren)
            try await body(documents)
        }
    }

    @discardableResult
    func call(_ method: String, _ path: String, _ body: Any? = nil, token: String? = nil, raw: Data? = nil) async throws -> (status: Int, json: Any?) {
        let data = try raw ?? body.map { try JSONSerialization.data(withJSONObject: $0) }
        let answer = try await self.bed.request(method, path, body: data, token: token ?? self.agent)
        return (answer.status, try? JSONSerialization.jsonObject(with: answer.body))
    }

    func onboard(_ siren: String, token: String, departement: String = "021", pes: Bool = true) async throws {
        let answer = try await self.call("POST", "/authorities", [
            "siren": siren, "name": "Commune de Dijon", "departement": departement, "arrondissement": "1", "nature": "31",
            "actesAgreement": "CONV-021-2026-12", "pesDomains": pes ? ["depense", "recette"] : [],
            "budgets": pes ? [["idColl": "\(siren)00013", "codCol": "123", "codBud": "01", "label": "Budget principal"]] : [],
            "referentName": "Jeanne Martin", "referentEmail": "jeanne.martin@mairie.example",
            "returnAddresses": ["actes@mairie.example", "ACTES@mairie.example"], "broadcastAddresses": ["diffusion@mairie.example"],
        ], token: token)
        #expect(answer.status == 201, "\(answer.json ?? "")")
    }

    func classify(_ siren: String, date: String = Self.classificationDate) async throws {
        let matters = ["1", "1.1", "1.2", "4", "4.1", "5", "5.1", "7", "7.1", "7.2", "7.4", "7.5", "7.10", "9", "9.1"]
        let answer = try await self.call("PUT", "/authorities/\(siren)/classification", [
            "date": date,
            "natures": [
                ["code": "1", "label": "Délibérations", "attachmentTypes": ["99_DE"]],
                ["code": "2", "label": "Actes réglementaires", "attachmentTypes": ["99_AR"]],
                ["code": "3", "label": "Actes individuels", "attachmentTypes": ["99_AI"]],
                ["code": "4", "label": "Contrats, conventions et avenants", "attachmentTypes": ["99_CO"]],
                ["code": "5", "label": "Documents budgétaires et financiers", "attachmentTypes": ["99_BU"]],
                ["code": "6", "label": "Autres", "attachmentTypes": ["99_AU"]],
            ],
            "matters": matters.map { ["path": $0, "label": "Matière \($0)"] },
        ], token: self.operatorToken)
        #expect(answer.status == 200, "\(answer.json ?? "")")
    }

    /// Uploads `content` as `name`; the reference `POST /acts` takes.
    func upload(_ name: String, _ content: Data, token: String? = nil) async throws -> [String: String] {
        let answer = try await self.call("POST", "/files?name=\(name)", token: token, raw: content)
        let json = try #require(answer.json as? [String: Any], "\(answer.status)")
        #expect(answer.status == 201)
        return ["sha256": json["sha256"] as! String, "fileName": json["fileName"] as! String]
    }

    static func pdf(_ text: String, padding: Int = 0) -> Data {
        Data("%PDF-1.4\n% \(text)\n".utf8) + Data(repeating: 0x20, count: padding) + Data("\n%%EOF\n".utf8)
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 1, count: 32)
    static let budgetXML = Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DocumentBudgetaire/>\n".utf8)

    /// Submits an act over HTTP; the status and the answer (or the problem).
    func submit(
        numero: String, nature: String = "1", matter: String = "5.1", object: String = "Délibération sur le budget",
        decisionDate: String = DocumentsBed.daysAgo(3), act: Data = DocumentsBed.pdf("acte"), actName: String = "acte.pdf",
        annexes: [(String, Data)] = [], siren: String = DocumentsBed.siren, token: String? = nil, actId: String = UUID().uuidString
    ) async throws -> (status: Int, json: [String: Any]) {
        let actFile = try await self.upload(actName, act, token: token)
        var annexRefs: [[String: String]] = []
        for (name, data) in annexes { annexRefs.append(try await self.upload(name, data, token: token)) }
        let answer = try await self.call("POST", "/acts", [
            "actId": actId, "siren": siren, "numeroInterne": numero, "decisionDate": decisionDate, "natureCode": nature,
            "matter": matter, "object": object, "act": actFile, "annexes": annexRefs,
        ], token: token)
        return (answer.status, answer.json as? [String: Any] ?? [:])
    }

    /// A calendar date `days` before today (UTC), as the contracts write it.
    static func daysAgo(_ days: Int) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")
        return formatter.string(from: Date().addingTimeInterval(-Double(days) * 86_400))
    }

    func waitFor(_ sql: String, equals expected: Int = 1) async throws {
        try await self.bed.eventually { try await self.bed.count(sql) == expected }
    }
}
