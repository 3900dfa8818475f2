import ContractTypes
import DeskContracts
import Foundation
import Identity
import NotificationsContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Testing

/// The desk's commands on the real RabbitMQ: a submission forwarded by the portal without a token waits for the
/// e-mail confirmation, one carrying the company's actor token is routed (here to the regional default desk, whose
/// manager is alerted); an expert's `desk.match.update.v1` moves the match, someone else's is parked with its reason.
@Suite("Desk commands", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct DeskServiceCommandTests {
    static func submit(siret: String, subject: String = "recruter") -> ApplicationSubmit {
        ApplicationSubmit(
            applicationId: UUID().uuidString.lowercased(), landingSubjectId: subject,
            description: "Nous recrutons deux personnes et cherchons des aides à l'embauche.", fullName: "Martine Colin",
            email: "rh@usinage.example", siret: siret, regionCode: "27")
    }

    @Test("a forwarded submission: untrusted without a token, routed with the company's; nobody left for Auxerre → default desk")
    func submissionsAndTheDefaultDesk() async throws {
        try await DeskBed.run(broker: .rabbitMQ) { desk in
            let anonymous = Self.submit(siret: "73282932000074")
            try await desk.bed.send(anonymous)
            try await desk.bed.eventually { try await desk.status(anonymous.applicationId) == "awaitingConfirmation" }

            // Nobody takes recruitment in the Yonne (catalogue/desk): the regional default desk, its manager alerted.
            let signedIn = Self.submit(siret: "89123456900012")
            try await desk.bed.send(signedIn, actorToken: try await desk.company("89123456900012"))
            try await desk.waitForStatus(signedIn.applicationId, in: ["processed"])
            let routed = try #require(try await desk.bed.published(ApplicationRouted.self, count: 1).first)
            #expect(routed.routedToDefaultDesk)
            #expect(routed.matches.map(\.expertEmail) == ["guichet@jentreprends-bfc.example"])
            // The alert is a command to notifications (the bed taps events only): read it from the desk's outbox.
            let alert = """
                SELECT count(*) FROM outbox WHERE message_type = 'notifications.notice.request.v1'
                AND convert_from(body, 'UTF8')::jsonb->>'template' = 'desk-default-desk-alert'
                AND convert_from(body, 'UTF8')::jsonb->'recipients'->0->>'email' = 'helene.garnier@region-bfc.example'
                AND convert_from(body, 'UTF8')::jsonb->'variables'->>'explanation' LIKE '%no expert remains%'
                """
            #expect(try await desk.bed.count(alert) == 1)
        }
    }

    @Test("desk.match.update.v1: the expert's token moves the match; another person's is parked with the reason")
    func expertsActThroughCommands() async throws {
        try await DeskBed.run(broker: .rabbitMQ) { desk in
            let detail = try await desk.submitAndSettle(
                DeskBed.request(subject: "recruter", siret: "20005372600010"), token: try await desk.company("20005372600010"))
            let matchId = try #require(DeskBed.matchId(detail, expert: "cci21-rh"))
            let intruder = try await desk.expert("someone@else.example")
            try await desk.bed.send(
                MatchUpdate(matchId: matchId, status: .notForMe, requestedBy: .init(userId: "expert-someone@else.example")),
                actorToken: intruder)
            try await desk.bed.eventually {
                try await desk.bed.count("SELECT count(*) FROM parked_messages WHERE error LIKE '%notYourMatch%'") == 1
            }
            let expert = try await desk.expert("sandrine.masson@cci21.example")
            try await desk.bed.send(
                MatchUpdate(matchId: matchId, status: .takingCare, requestedBy: .init(userId: "expert-sandrine.masson@cci21.example")),
                actorToken: expert)
            let updated = try await desk.bed.published(MatchUpdated.self, count: 1)
            #expect(updated.map(\.status) == [.takingCare])
            #expect(try await desk.bed.count("SELECT count(*) FROM matches WHERE status = 'takingCare'") == 1)
        }
    }

    @Test("desk.aid.decide.v1 and request-correction: the funder's instructor acts; the company itself is parked with the reason")
    func instructionCommandsNeedTheFundersInstructor() async throws {
        try await DeskBed.run(broker: .rabbitMQ) { desk in
            let company = try await desk.company(DossierTests.siret)
            let instructor = try await desk.bed.token(
                subject: "instr-1", email: "instruction@region.example", roles: ["instructor"], siren: DossierTests.region)
            let id = try await DossierTests.inInstruction(desk, company: company, instructor: instructor)
            try await desk.bed.send(
                AidDecide(applicationId: id, outcome: .accepte, requestedBy: .init(userId: "company-\(DossierTests.siret)")),
                actorToken: company)
            try await desk.bed.eventually {
                try await desk.bed.count("SELECT count(*) FROM parked_messages WHERE error LIKE '%notAnInstructor%'") == 1
            }
            try await desk.bed.send(
                ApplicationRequestCorrection(
                    applicationId: id, items: [.init(field: "rib", message: "Merci de joindre un RIB.")],
                    requestedBy: .init(userId: "instr-1")),
                actorToken: instructor)
            try await desk.bed.eventually {
                try await desk.bed.count("SELECT count(*) FROM dossiers WHERE state = 'enConstruction' AND correction_requested") == 1
            }
            #expect(try await desk.bed.count("SELECT count(*) FROM aid_decisions") == 0)
        }
    }
}
