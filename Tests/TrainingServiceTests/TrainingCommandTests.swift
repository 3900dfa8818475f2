import DocumentsContracts
import ContractTypes
import Foundation
import NotificationsContracts
import Identity
import ProcurementContracts
import ServiceRuntimeTesting
import Testing
import TrainingContracts

/// The training commands on the real RabbitMQ: the actor token decides who acts (an intruder's command is parked with
/// its reason), and an authority's first tender or act suggests the matching courses once, to bodies that opted in.
@Suite("Training commands", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct TrainingCommandTests {
    @Test("book, approve and cancel through commands with actor tokens; another person's command is parked with the reason")
    func commandsActForTheTokensSubject() async throws {
        try await TrainingBed.run(broker: .rabbitMQ) { training in
            let session = try await training.schedule(approval: "manager")
            let signupId = UUID().uuidString.lowercased()
            let book = SignupBook(
                signupId: signupId, sessionId: session,
                agent: .init(agentId: "p1", fullName: "Paule Martin", email: "p1@mairie.example", managerEmail: "chef@mairie.example"),
                requestedBy: .init(userId: "p1"))
            // Someone else's token for p1's sign-up: parked, nothing stored.
            try await training.bed.send(
                SignupBook(signupId: UUID().uuidString.lowercased(), sessionId: session, agent: book.agent, requestedBy: .init(userId: "p2")),
                actorToken: try await training.agent("p2"))
            try await training.bed.eventually(timeout: .seconds(90)) {
                try await training.bed.count("SELECT count(*) FROM parked_messages WHERE error LIKE '%notYourself%'") == 1
            }
            try await training.bed.send(book, actorToken: try await training.agent("p1"))
            try await training.bed.eventually(timeout: .seconds(90)) { try await training.status(signupId) == 40 }
            try await training.bed.send(
                SignupApprove(signupId: signupId, reason: "Oui", requestedBy: .init(userId: "mgr-chef")),
                actorToken: try await training.manager("chef@mairie.example"))
            try await training.bed.eventually(timeout: .seconds(90)) { try await training.status(signupId) == 70 }
            try await training.bed.send(
                SignupCancel(signupId: signupId, reason: "Réunion", requestedBy: .init(userId: "p3")), actorToken: try await training.agent("p3"))
            try await training.bed.eventually(timeout: .seconds(90)) {
                try await training.bed.count("SELECT count(*) FROM parked_messages WHERE error LIKE '%notYourSignup%'") == 1
            }
            try await training.bed.send(
                SignupCancel(signupId: signupId, reason: "Réunion", requestedBy: .init(userId: "p1")), actorToken: try await training.agent("p1"))
            try await training.bed.eventually(timeout: .seconds(90)) { try await training.status(signupId) == 10 }
            #expect(try await training.bed.published(SignupCancelled.self, count: 1, timeout: .seconds(90)).first?.calendar.sequence == 1)
        }
    }

    @Test("the first tender of a body that opted in suggests the procurement courses, once; other bodies get nothing")
    func firstTenderSuggestsCourses() async throws {
        try await TrainingBed.run(broker: .rabbitMQ) { training in
            let admin = try await training.bed.token(subject: "adm", roles: [Caller.Role.administrator], siren: "212102313")
            #expect(try await training.call("PUT", "/bodies/200053726/suggestions", ["contactEmail": "x@y.example"], token: admin).status == 403)
            #expect(try await training.call("PUT", "/bodies/212102313/suggestions", ["contactEmail": "formation@mairie.example"], token: admin).status == 200)
            var tender = try training.bed.example(TenderPublished.self)
            tender.buyer.siret = "21210231300013"
            try await training.bed.send(tender)
            tender.tenderId = UUID().uuidString.lowercased()
            try await training.bed.send(tender)
            var other = tender
            other.buyer.siret = "20005372600010"
            try await training.bed.send(other)
            try await training.bed.eventually(timeout: .seconds(90)) { try await training.bed.count("SELECT count(*) FROM inbox") >= 3 }
            let mails = try await training.notices("training-course-suggestion")
            #expect(mails.count == 1)
            #expect(mails.first?.recipients.map(\.email) == ["formation@mairie.example"])
            if case .string(let courses) = mails.first?.variables?["courses"] { #expect(courses.contains("MP-PUBLIER-01")) } else { Issue.record("no courses") }
            #expect(try await training.bed.count("SELECT count(*) FROM parked_messages") == 0)
        }
    }
}
