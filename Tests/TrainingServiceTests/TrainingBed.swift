import ContractMessaging
import ContractTypes
import Foundation
import Identity
import NotificationsContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing
import TrainingDomain
import TrainingService

/// The training scheduler on a test bed (its own database; the in-memory broker, or the real RabbitMQ), with the
/// repository's course catalogue and a clock the test moves.
struct TrainingBed: Sendable {
    let bed: ServiceTestBed
    let settings: TrainingSettings
    let operatorToken: String
    let organiserToken: String

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let contracts = root.appendingPathComponent("contracts")
    static let catalogue = root.appendingPathComponent("catalogue/training/courses.yaml")
    static let gate = BedGate()

    static func run(broker: ServiceTestBed.Broker = .inMemory, poolSize: Int = 2, _ body: (TrainingBed) async throws -> Void) async throws {
        await Self.gate.acquire()
        do {
            let settings = TrainingSettings(catalogueFile: Self.catalogue, pollInterval: .milliseconds(100))
            try await ServiceTestBed.run(
                try TrainingService.definition(settings: settings), broker: broker, contracts: Self.contracts,
                configure: { $0.postgres.options.poolSize = poolSize }
            ) { bed in
                let operatorToken = try await bed.token(subject: "ops", roles: [Caller.Role.operator])
                let organiserToken = try await bed.token(subject: "org-1", email: "organisation@cdg21.example", roles: [Caller.Role.organiser])
                try await body(TrainingBed(bed: bed, settings: settings, operatorToken: operatorToken, organiserToken: organiserToken))
            }
            await Self.gate.release()
        } catch {
            await Self.gate.release()
            throw error
        }
    }

    @discardableResult
    func call(_ method: String, _ path: String, _ body: Any? = nil, token: String?) async throws -> (status: Int, json: Any?) {
        let data = method == "GET" ? nil : try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let answer = try await self.bed.request(method, path, body: data, token: token)
        return (answer.status, try? JSONSerialization.jsonObject(with: answer.body))
    }

    @discardableResult
    func object(_ method: String, _ path: String, _ body: Any? = nil, token: String?, expect status: Int = 200, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> [String: Any]
    {
        let answer = try await self.call(method, path, body, token: token)
        #expect(answer.status == status, "\(method) \(path): \(answer.json ?? "")", sourceLocation: sourceLocation)
        return answer.json as? [String: Any] ?? [:]
    }

    func agent(_ id: String, siren: String = "212102313") async throws -> String {
        try await self.bed.token(subject: id, email: "\(id)@mairie.example", roles: ["agent"], siren: siren)
    }

    func manager(_ email: String) async throws -> String {
        try await self.bed.token(subject: "mgr-\(email.prefix { $0 != "@" })", email: email, roles: [Caller.Role.manager])
    }

    /// A Paris wall-clock instant `days` days after the bed's now.
    func day(_ days: Int, hour: Int, minute: Int = 0) -> Date {
        let base = ParisTime.localComponents(of: self.settings.clock.now().addingTimeInterval(Double(days) * 86_400))
        return ParisTime.date(year: base.year!, month: base.month!, day: base.day!, hour: hour, minute: minute)!
    }

    static func iso(_ date: Date) -> String { ContractCoding.format(date) }

    /// Schedules a session of `dates` (9:00–17:00 Paris on each day offset by default); its id.
    @discardableResult
    func schedule(
        days: [Int] = [30], capacity: Int = 12, minimum: Int = 0, waitlist: Bool = true, approval: String = "none", datesKnown: Bool = true,
        trainer: String = "trainer-1", room: String? = nil, cutoff: Int = 48, reminder: Int = 3, id: String = UUID().uuidString.lowercased(),
        expect status: Int = 201
    ) async throws -> String {
        let dates = days.map { ["start": Self.iso(self.day($0, hour: 9)), "end": Self.iso(self.day($0, hour: 17))] }
        var plan: [String: Any] = [
            "courseCode": "MP-PUBLIER-01", "title": "Marchés publics : publier une consultation", "datesKnown": datesKnown,
            "dates": datesKnown ? dates : [], "location": ["name": "Maison de la formation", "communeInsee": "21231"],
            "trainers": [["trainerId": trainer, "fullName": "Hélène Faure"]], "capacity": capacity, "minParticipants": minimum,
            "allowWaitlist": waitlist, "approval": approval, "cancellationCutoffHours": cutoff, "reminderDaysBefore": reminder,
        ]
        plan["room"] = room
        try await self.object("POST", "/sessions", ["sessionId": id, "plan": plan], token: self.organiserToken, expect: status)
        return id
    }

    /// Signs agent `agentId` up; the answer's status and JSON.
    @discardableResult
    func signUp(_ session: String, agent agentId: String, manager: String? = nil, id: String = UUID().uuidString.lowercased()) async throws
        -> (status: Int, json: [String: Any], id: String)
    {
        var body: [String: Any] = ["signupId": id, "fullName": "Agent \(agentId)"]
        body["managerEmail"] = manager
        let answer = try await self.call("POST", "/sessions/\(session)/signups", body, token: try await self.agent(agentId))
        return (answer.status, answer.json as? [String: Any] ?? [:], id)
    }

    func status(_ signup: String) async throws -> Int {
        try await self.bed.count("SELECT status FROM signups WHERE signup_id = '\(signup)'")
    }

    func sessionStatus(_ session: String) async throws -> String {
        let detail = try await self.object("GET", "/sessions/\(session)", token: self.operatorToken)
        return detail["status"] as? String ?? ""
    }

    /// The notice requests with `template` in the service's outbox (the bed taps events only).
    func notices(_ template: String) async throws -> [NoticeRequest] {
        let bodies = try await self.bed.host.withTransaction { transaction in
            try await transaction.query(
                """
                SELECT convert_from(body, 'UTF8') FROM outbox WHERE message_type = 'notifications.notice.request.v1'
                AND convert_from(body, 'UTF8')::jsonb->>'template' = \(template) ORDER BY id
                """
            ).map { try $0.decode(String.self, at: 0) }
        }
        return try bodies.map { try ContractCoding.makeDecoder().decode(NoticeRequest.self, from: Data($0.utf8)) }
    }

    /// Moves the clock and wakes the worker.
    func advance(days: Double) {
        self.settings.clock.advance(by: days * 86_400)
        self.settings.wake.signal()
    }
}
