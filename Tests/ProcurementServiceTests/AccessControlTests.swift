import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntime
import Storage
import ServiceRuntimeTesting
import Testing

/// Issue 15's attacks on procurement, each refused: deposits without a token or for a rival, openings that
/// claim a role nobody verified, confidential reads by the wrong caller.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct AccessControlTests {
    func deposit(
        _ bed: ProcurementBed, _ tender: String, token: String?, bidder: String? = nil, content: String
    ) async throws -> HTTPClient.Answer {
        var query = [("contactName", "X"), ("lots", "1")]
        if let bidder { query.append(("bidderSiret", bidder)) }
        return try await bed.http(as: token).request(
            "POST", HTTPClient.path("/tenders/\(tender)/bids", query), body: Data(content.utf8))
    }

    @Test func aRivalCannotSupersedeACompanysOffer() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender()
            let real = try await bed.deposit(tender.tenderId, Fixtures.btp, lots: [1], content: "Offre réelle de BTP")
            // Anonymous: 401. A rival naming BTP's SIRET with its own token: 403. Nothing stored either way.
            let anonymous = try await self.deposit(bed, tender.tenderId, token: nil, bidder: Fixtures.btp.siret, content: "junk")
            try expectProblem(anonymous, status: 401, "unauthenticated", field: "Authorization")
            let rival = try await self.deposit(
                bed, tender.tenderId, token: try await bed.companyToken(Fixtures.routes), bidder: Fixtures.btp.siret,
                content: "junk")
            try expectProblem(rival, status: 403, "notTheBidder", field: "bidderSiret", rule: "the token's SIRET")
            // An agent's token is not a company's.
            let agent = try await self.deposit(
                bed, tender.tenderId, token: try await bed.agentToken(roles: ["buyer"]), content: "junk")
            #expect(agent.status == 403)
            #expect(try await bed.count("SELECT count(*) FROM bids") == 1)
            // BTP's real offer is the one opened.
            try await bed.evaluate(tender)
            let opened = try await bed.published(BidsOpened.self) { $0.tenderId == tender.tenderId }
            #expect(opened.bids.map(\.bidId) == [real])
        }
    }

    @Test func anOpeningNeedsAVerifiedOpenerOfTheBuyer() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender()
            _ = try await bed.deposit(tender.tenderId, Fixtures.btp, lots: [1], content: "Offre")
            try await bed.close(tender)
            // The body claims the opener role; no token: the operator's broker user cannot vouch for a person.
            let claimed = Fixtures.open(tender.tenderId)
            try await bed.bed.send(claimed)
            let unverified = try await bed.published(CommandRejected.self) { $0.commandId == claimed.openingId }
            expectRefusal(unverified, "roleNotVerified", field: "requestedBy.role", rule: "verified actor token", of: BidsOpen.messageType)
            // A token that does not carry the role the body claims.
            let buyerToken = try await bed.agentToken(subject: "opener", roles: ["buyer"])
            let overclaimed = Fixtures.open(tender.tenderId)
            try await bed.bed.send(overclaimed, actorToken: buyerToken)
            expectRefusal(
                try await bed.published(CommandRejected.self) { $0.commandId == overclaimed.openingId }, "roleNotVerified",
                field: "requestedBy.role", rule: "one of the actor token's roles", of: BidsOpen.messageType)
            // A real opener, of another public body.
            let elsewhere = try await bed.agentToken(subject: "opener", roles: ["opener"], siren: "200053726")
            let foreign = Fixtures.open(tender.tenderId)
            try await bed.bed.send(foreign, actorToken: elsewhere)
            expectRefusal(
                try await bed.published(CommandRejected.self) { $0.commandId == foreign.openingId }, "notTheBuyer",
                field: "tenderId", rule: "agent of the buyer's SIREN", of: BidsOpen.messageType)
            // The body names someone else than the token's subject.
            let impersonated = Fixtures.open(tender.tenderId)
            try await bed.bed.send(impersonated, actorToken: try await bed.agentToken(subject: "someone-else", roles: ["opener"]))
            expectRefusal(
                try await bed.published(CommandRejected.self) { $0.commandId == impersonated.openingId }, "actorMismatch",
                field: "requestedBy.userId", rule: "actor token's subject", of: BidsOpen.messageType)
            // A forged token.
            let forged = Fixtures.open(tender.tenderId)
            try await bed.bed.send(forged, actorToken: "eyJhbGciOiJub25lIn0.e30.")
            expectRefusal(
                try await bed.published(CommandRejected.self) { $0.commandId == forged.openingId }, "invalidActorToken",
                field: "x-passerelle-actor-token", rule: "identity provider", of: BidsOpen.messageType)
            #expect(try await bed.count("SELECT count(*) FROM openings") == 0)
            #expect(try await bed.refusalAudits(BidsOpen.messageType, tender: tender.tenderId) == 5)
            // The audit names who asked as far as it was verified, never the body's word alone: the operator's broker
            // user when no token verified (no token, the forged one), else the token's subject.
            let audited = "SELECT count(*) FROM audit WHERE action = '\(BidsOpen.messageType)' AND outcome = 'refused' AND"
            #expect(try await bed.count("\(audited) actor LIKE 'operator %'") == 2)
            #expect(try await bed.count("\(audited) actor = 'opener'") == 2)
            #expect(try await bed.count("\(audited) actor = 'someone-else'") == 1)
            // And the verified opener of the buyer opens.
            try await bed.send(Fixtures.open(tender.tenderId))
            _ = try await bed.published(BidsOpened.self) { $0.tenderId == tender.tenderId }
        }
    }

    @Test func aCompanyActsOnlyForItself() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            // A question in BTP's name, signed by Routes' token.
            let question = Fixtures.ask(tender)
            try await bed.bed.send(question, actorToken: try await bed.companyToken(subject: "portal:bidder", siret: Fixtures.routes.siret))
            expectRefusal(
                try await bed.published(CommandRejected.self) { $0.commandId == question.questionId }, "notTheCompany",
                field: "requestedBy.siret", rule: "actor token's SIRET", of: QuestionAsk.messageType)
            // And without a token, even from the operator.
            let unsigned = Fixtures.ask(tender)
            try await bed.bed.send(unsigned)
            expectRefusal(
                try await bed.published(CommandRejected.self) { $0.commandId == unsigned.questionId }, "companyTokenRequired",
                field: "x-passerelle-actor-token", rule: "company's token", of: QuestionAsk.messageType)
            #expect(try await bed.count("SELECT count(*) FROM questions") == 0)
        }
    }

    @Test func confidentialReadsNeedTheBuyersAgentsTheCompanyOrAnOperator() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender()
            let id = tender.tenderId
            let btp = try await bed.deposit(id, Fixtures.btp, lots: [1], content: "Offre BTP")
            let routes = try await bed.deposit(id, Fixtures.routes, lots: [1], content: "Offre Routes")
            let buyer = try await bed.http(as: try await bed.agentToken(roles: ["buyer"]))
            let otherBody = try await bed.http(as: try await bed.agentToken(roles: ["buyer"], siren: "200053726"))
            let company = try await bed.http(as: try await bed.companyToken(Fixtures.btp))
            let anonymous = try await bed.http()
            // Bid counts before the deadline: the buyer only.
            func counts(_ client: HTTPClient) async throws -> [String: Any]? {
                let answer = try await client.get("/tenders/\(id)")
                #expect(answer.status == 200)
                return (try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])?["counts"] as? [String: Any]
            }
            #expect(try await counts(anonymous) == nil)
            #expect(try await counts(company) == nil)
            #expect(try await counts(otherBody) == nil)
            #expect(try await counts(buyer)?["bids"] as? Int == 2)
            // The history: 401 anonymously, 403 for another body or a company, 200 for the buyer.
            #expect(try await anonymous.get("/tenders/\(id)/history").status == 401)
            #expect(try await otherBody.get("/tenders/\(id)/history").status == 403)
            #expect(try await company.get("/tenders/\(id)/history").status == 403)
            #expect(try await buyer.get("/tenders/\(id)/history").status == 200)
            // The rejection letter of Routes: Routes and the buyer read it; BTP and the other body get the 404 of a
            // letter that does not exist.
            try await bed.evaluate(tender)
            try await bed.send(Fixtures.award(id, awardee: btp, rejected: [routes]))
            try await bed.waitFor("SELECT count(*) FROM rejection_letters")
            let letter = try await bed.bed.host.withTransaction { transaction in
                try await transaction.query("SELECT letter_id::text FROM rejection_letters")[0].decode(String.self, at: 0)
            }
            let path = "/tenders/\(id)/letters/\(letter)"
            #expect(try await anonymous.get(path).status == 401)
            #expect(try await company.get(path).status == 404)
            #expect(try await otherBody.get(path).status == 404)
            #expect(try await buyer.get(path).status == 200)
            #expect(try await bed.http(as: try await bed.companyToken(Fixtures.routes)).get(path).status == 200)
            #expect(try await bed.http(as: try await bed.operatorToken()).get(path).status == 200)
        }
    }
}
