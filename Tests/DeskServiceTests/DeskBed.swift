import ContractMessaging
import DeskService
import Foundation
import Identity
import NotificationsContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Sirene
import SireneStub
import Storage
import Testing

/// The desk on a test bed (its own database; the in-memory broker, or the real RabbitMQ), with the repository's
/// catalogue, a Sirene stub on an ephemeral port serving `partners/sirene/recordings`, and a clock the test moves.
struct DeskBed: Sendable {
    let bed: ServiceTestBed
    let settings: DeskSettings
    let stub: SireneStubServer
    let operatorToken: String
    let folder: URL

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let contracts = root.appendingPathComponent("contracts")
    static let catalogue = root.appendingPathComponent("catalogue/desk")
    static let recordings = root.appendingPathComponent("partners/sirene/recordings")
    static let apiKey = "test-sirene-key"

    /// One desk bed at a time: every suite of the test process shares PostgreSQL's connection limit.
    static let gate = BedGate()

    static func run(broker: ServiceTestBed.Broker = .inMemory, _ body: (DeskBed) async throws -> Void) async throws {
        await Self.gate.acquire()
        do {
            try await self.start(broker: broker, body)
            await Self.gate.release()
        } catch {
            await Self.gate.release()
            throw error
        }
    }

    private static func start(broker: ServiceTestBed.Broker, _ body: (DeskBed) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-desk-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let stub = SireneStubServer(configuration: .init(recordings: Self.recordings, apiKey: Self.apiKey))
        try await stub.withRunning { baseURL in
            // A generous timeout: a busy test machine must not turn a slow answer into an outage.
            let client = SireneClient(configuration: try .init(baseURL: baseURL, apiKey: Self.apiKey, timeout: .seconds(60)))
            let settings = DeskSettings(
                catalogueDirectory: Self.catalogue, directory: client, pollInterval: .milliseconds(100), lookupRetry: .seconds(60),
                claimRoots: [folder.path])
            try await ServiceTestBed.run(
                try DeskService.definition(settings: settings), broker: broker, contracts: Self.contracts,
                configure: { $0.postgres.options.poolSize = 2 }
            ) { bed in
                let operatorToken = try await bed.token(subject: "ops", roles: [Caller.Role.operator])
                try await body(DeskBed(bed: bed, settings: settings, stub: stub, operatorToken: operatorToken, folder: folder))
            }
        }
    }

    @discardableResult
    func call(_ method: String, _ path: String, _ body: Any? = nil, token: String?) async throws -> (status: Int, json: Any?) {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let answer = try await self.bed.request(method, path, body: data, token: token)
        return (answer.status, try? JSONSerialization.jsonObject(with: answer.body))
    }

    func object(_ method: String, _ path: String, _ body: Any? = nil, token: String?, expect status: Int = 200) async throws -> [String: Any] {
        let answer = try await self.call(method, path, body, token: token)
        #expect(answer.status == status, "\(method) \(path): \(answer.json ?? "")")
        return answer.json as? [String: Any] ?? [:]
    }

    /// A company's staff, signed in for its SIRET.
    func company(_ siret: String, email: String = "dirigeant@entreprise.example") async throws -> String {
        try await self.bed.token(subject: "company-\(siret)", email: email, roles: [Caller.Role.company], siret: siret)
    }

    func expert(_ email: String) async throws -> String {
        try await self.bed.token(subject: "expert-\(email)", email: email, roles: [Caller.Role.expert])
    }

    static func request(
        subject: String, siret: String? = nil, email: String = "dirigeant@entreprise.example", amount: Int? = nil, commune: String? = nil,
        answers: [String: Bool] = [:], id: String = UUID().uuidString.lowercased()
    ) -> [String: Any] {
        var body: [String: Any] = [
            "applicationId": id, "landingSubjectId": subject, "fullName": "Camille Durand", "email": email,
            "description": "Nous cherchons un accompagnement pour développer notre activité dans la région.",
        ]
        body["siret"] = siret
        body["requestedHelpAmountCents"] = amount
        body["communeInsee"] = commune
        if !answers.isEmpty { body["formInfo"] = answers }
        return body
    }

    /// Posts a request and waits until it left the lookup (processed or canceled); its detail.
    func submitAndSettle(_ body: [String: Any], token: String?) async throws -> [String: Any] {
        let answer = try await self.call("POST", "/solicitations", body, token: token)
        #expect(answer.status == 202, "\(answer.json ?? "")")
        let id = body["applicationId"] as! String
        try await self.waitForStatus(id, in: ["processed", "canceled"])
        return try await self.object("GET", "/solicitations/\(id)", token: self.operatorToken)
    }

    func waitForStatus(_ id: String, in statuses: Set<String>) async throws {
        try await self.bed.eventually {
            let status = try await self.status(id)
            return statuses.contains(status)
        }
    }

    func status(_ id: String) async throws -> String {
        let detail = try await self.call("GET", "/solicitations/\(id)", token: self.operatorToken).json as? [String: Any]
        return (detail?["solicitation"] as? [String: Any])?["status"] as? String ?? ""
    }

    /// The notice requests asked with `template` so far (at least `count`).
    func notices(_ template: String, count: Int) async throws -> [NoticeRequest] {
        var found: [NoticeRequest] = []
        try await self.bed.eventually {
            found = try await self.bed.published(NoticeRequest.self, count: 0, timeout: .seconds(5)).filter { $0.template == template }
            return found.count >= count
        }
        return found
    }

    static func matchIds(_ detail: [String: Any]) -> [String] {
        ((detail["needs"] as? [[String: Any]]) ?? []).flatMap { ($0["matches"] as? [[String: Any]]) ?? [] }.compactMap { $0["matchId"] as? String }
    }

    static func matchId(_ detail: [String: Any], expert: String) -> String? {
        ((detail["needs"] as? [[String: Any]]) ?? []).flatMap { ($0["matches"] as? [[String: Any]]) ?? [] }
            .first { $0["expertKey"] as? String == expert }?["matchId"] as? String
    }

    static func expertKeys(_ detail: [String: Any]) -> Set<String> {
        Set(((detail["needs"] as? [[String: Any]]) ?? []).flatMap { ($0["matches"] as? [[String: Any]]) ?? [] }.compactMap { $0["expertKey"] as? String })
    }
}
