import Foundation
import ProcurementDomain
import Testing

@Suite struct TenderAwardTests {
    let walk = TenderLifecycleWalk()
    var machine: TenderStateMachine { walk.machine }

    @Test func formalisedWithSeveralBidsGoesToStandstill() throws {
        let result = try machine.decideAward(try walk.tender(in: .evaluation), bidCount: 2, at: walk.lettersSentAt)
        #expect(result.tender.status == .standstill)
        #expect(result.tender.lots.map(\.status) == [.awarded, .awarded])
        #expect(
            result.events.map(\.routingKey) == [
                "procurement.award.decided.v1", "procurement.award.rejections-issued.v1",
            ])
        #expect(result.tender.standstill == nil)
    }

    @Test func singleBidOrAdaptedProcedureIsAwardedDirectly() throws {
        let single = try machine.decideAward(try walk.tender(in: .evaluation), bidCount: 1, at: walk.lettersSentAt)
        #expect(single.tender.status == .awarded)
        #expect(single.events.map(\.routingKey) == ["procurement.award.decided.v1"])
        var adapted = try walk.tender(in: .evaluation)
        adapted.procedure = .adapted
        #expect(try machine.decideAward(adapted, bidCount: 5, at: walk.lettersSentAt).tender.status == .awarded)
    }

    @Test func decideAwardRefusals() throws {
        #expect(throws: ProcurementRuleError.self) {
            try machine.decideAward(try walk.tender(in: .evaluation), bidCount: 0, at: walk.lettersSentAt)
        }
        for tender in try walk.allTenders() where tender.status != .evaluation {
            #expect(throws: ProcurementRuleError.self) {
                try machine.decideAward(tender, bidCount: 2, at: walk.lettersSentAt)
            }
        }
    }

    @Test func lettersStartTheStandstill() throws {
        let decided = try machine.decideAward(try walk.tender(in: .evaluation), bidCount: 2, at: walk.lettersSentAt)
            .tender
        let result = try machine.recordRejectionLettersSent(
            decided, sentAt: walk.lettersSentAt, electronic: true, at: walk.lettersSentAt)
        #expect(result.tender.standstill?.earliestSignatureDate == DomainFixtures.day("2026-04-21"))
        #expect(
            result.events.map(\.kind) == [.standstillStarted(earliestSignatureDate: DomainFixtures.day("2026-04-21"))])
        for tender in try walk.allTenders() where tender.status != .standstill {
            #expect(throws: ProcurementRuleError.self) {
                try machine.recordRejectionLettersSent(
                    tender, sentAt: walk.lettersSentAt, electronic: true, at: walk.lettersSentAt)
            }
        }
    }

    @Test func endStandstillGuards() throws {
        let standstill = try walk.tender(in: .standstill)
        let dayTen = DomainFixtures.instant("2026-04-20T18:00:00+02:00")
        #expect(throws: ProcurementRuleError.self) { try machine.endStandstill(standstill, at: dayTen) }
        let challenged = try machine.setLegalChallenge(standstill, pending: true, at: dayTen).tender
        do {
            _ = try machine.endStandstill(challenged, at: walk.standstillEndsAt)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .legalChallengePending)
        }
        let cleared = try machine.setLegalChallenge(challenged, pending: false, at: dayTen).tender
        let ended = try machine.endStandstill(cleared, at: walk.standstillEndsAt)
        #expect(ended.tender.status == .awarded)
        #expect(ended.events.map(\.kind) == [.standstillEnded])
        // Letters not reported yet.
        let decided = try machine.decideAward(try walk.tender(in: .evaluation), bidCount: 2, at: walk.lettersSentAt)
            .tender
        #expect(throws: ProcurementRuleError.self) { try machine.endStandstill(decided, at: walk.signedAt) }
        for tender in try walk.allTenders() where tender.status != .standstill {
            #expect(throws: ProcurementRuleError.self) { try machine.endStandstill(tender, at: walk.signedAt) }
        }
    }

    @Test func signatureOnDayTenOfTheStandstillIsRefused() throws {
        let standstill = try walk.tender(in: .standstill)
        let dayTen = DomainFixtures.instant("2026-04-20T10:00:00+02:00")
        do {
            _ = try machine.signContract(standstill, at: dayTen)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .standstillNotOver)
            #expect(error.rule == "R2182-1")
            #expect(error.message.contains("2026-04-21"))
        }
    }

    @Test func signContract() throws {
        let awarded = try walk.tender(in: .awarded)
        let signed = try machine.signContract(awarded, at: walk.signedAt)
        #expect(signed.tender.status == .contractSigned)
        #expect(signed.tender.signedAt == walk.signedAt)
        #expect(signed.events.map(\.kind) == [.contractSigned(actesRequired: true)])
        #expect(signed.events.map(\.routingKey) == ["procurement.contract.signed.v1"])
        let challenged = try machine.setLegalChallenge(awarded, pending: true, at: walk.signedAt).tender
        #expect(throws: ProcurementRuleError.self) { try machine.signContract(challenged, at: walk.signedAt) }
        for tender in try walk.allTenders() where tender.status != .awarded {
            #expect(throws: ProcurementRuleError.self) { try machine.signContract(tender, at: walk.signedAt) }
        }
    }

    @Test func legalChallengeOnlyUntilSignature() throws {
        let allowed: Set<TenderStatus> = [.evaluation, .standstill, .awarded]
        for tender in try walk.allTenders() {
            let result = try? machine.setLegalChallenge(tender, pending: true, at: walk.signedAt)
            #expect((result != nil) == allowed.contains(tender.status), "\(tender.status)")
            #expect(result?.tender.legalChallenge ?? true)
        }
    }

    @Test func notificationWaitsForTheACTESAcknowledgement() throws {
        let signed = try walk.tender(in: .contractSigned)
        do {
            _ = try machine.notifyHolder(signed, actesAcknowledgedAt: nil, at: walk.signedAt)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .actesAcknowledgementMissing)
        }
        let notified = try machine.notifyHolder(signed, actesAcknowledgedAt: walk.signedAt, at: walk.signedAt)
        #expect(notified.tender.status == .notified)
        #expect(notified.events.map(\.routingKey) == ["procurement.contract.notified.v1"])
        var noActes = signed
        noActes.thresholds = DomainFixtures.adaptedLocal
        #expect(
            try machine.notifyHolder(noActes, actesAcknowledgedAt: nil, at: walk.signedAt).tender.status == .notified)
        for tender in try walk.allTenders() where tender.status != .contractSigned {
            #expect(throws: ProcurementRuleError.self) {
                try machine.notifyHolder(tender, actesAcknowledgedAt: walk.signedAt, at: walk.signedAt)
            }
        }
    }

    @Test func completeNeedsPublicationsAndTerminalLots() throws {
        let notified = try walk.tender(in: .notified)
        #expect(throws: ProcurementRuleError.self) {
            try machine.complete(notified, awardNoticePublished: true, decpPublished: false, at: walk.signedAt)
        }
        let result = try machine.complete(notified, awardNoticePublished: true, decpPublished: true, at: walk.signedAt)
        #expect(result.tender.status == .complete)
        #expect(result.tender.lots.allSatisfy { $0.status == .completed })
        #expect(result.events.map(\.routingKey) == ["procurement.tender.completed.v1"])
        for tender in try walk.allTenders() where tender.status != .notified {
            #expect(throws: ProcurementRuleError.self) {
                try machine.complete(tender, awardNoticePublished: true, decpPublished: true, at: walk.signedAt)
            }
        }
    }

    @Test func lotOneWithoutBidsAndLotTwoAwardedCompletesTheTender() throws {
        var tender = try walk.tender(in: .closed)
        let unsuccessful = try machine.markLotUnsuccessful(tender, lotId: "1", reason: "no bids", at: walk.deadline)
        #expect(unsuccessful.events.map(\.routingKey) == ["procurement.lot.unsuccessful.v1"])
        tender = unsuccessful.tender
        #expect(tender.status == .closed)
        tender = try machine.open(tender, by: DomainFixtures.opener, at: walk.openedAt).tender
        tender = try machine.recordAdmissibility(tender, at: walk.openedAt).tender
        tender = try machine.decideAward(tender, bidCount: 1, at: walk.lettersSentAt).tender
        #expect(tender.lots.map(\.status) == [.unsuccessful, .awarded])
        tender = try machine.signContract(tender, at: walk.signedAt).tender
        tender = try machine.notifyHolder(tender, actesAcknowledgedAt: walk.signedAt, at: walk.signedAt).tender
        tender = try machine.complete(tender, awardNoticePublished: true, decpPublished: true, at: walk.signedAt).tender
        #expect(tender.status == .complete)
        #expect(tender.lots.map(\.status) == [.unsuccessful, .completed])
    }

    @Test func everyLotUnsuccessfulMakesTheTenderUnsuccessful() throws {
        let evaluation = try walk.tender(in: .evaluation)
        let first = try machine.markLotUnsuccessful(evaluation, lotId: "2", reason: "irregular bids", at: walk.openedAt)
        #expect(first.tender.status == .evaluation)
        let second = try machine.markLotUnsuccessful(
            first.tender, lotId: "1", reason: "irregular bids", at: walk.openedAt)
        #expect(second.tender.status == .unsuccessful)
        #expect(
            second.events.map(\.kind) == [.lotUnsuccessful(lotId: "1", reason: "irregular bids"), .tenderUnsuccessful])
        // The same lot twice, or an unknown lot.
        #expect(throws: ProcurementRuleError.self) {
            try machine.markLotUnsuccessful(first.tender, lotId: "2", reason: "again", at: walk.openedAt)
        }
        #expect(throws: ProcurementRuleError.self) {
            try machine.markLotUnsuccessful(evaluation, lotId: "9", reason: "unknown", at: walk.openedAt)
        }
        let allowed: Set<TenderStatus> = [.closed, .evaluation]
        for tender in try walk.allTenders() where !allowed.contains(tender.status) {
            #expect(throws: ProcurementRuleError.self) {
                try machine.markLotUnsuccessful(tender, lotId: "1", reason: "x", at: walk.openedAt)
            }
        }
    }

    @Test func cancelFromEveryNonTerminalStatusWithAReason() throws {
        for tender in try walk.allTenders() {
            if tender.status.isTerminal {
                #expect(throws: ProcurementRuleError.self) {
                    try machine.cancel(tender, reason: "x", at: walk.signedAt)
                }
                continue
            }
            #expect(throws: ProcurementRuleError.self) { try machine.cancel(tender, reason: "  ", at: walk.signedAt) }
            let result = try machine.cancel(tender, reason: "Besoin disparu", at: walk.signedAt)
            #expect(result.tender.status == .cancelled)
            #expect(result.tender.cancellationReason == "Besoin disparu")
            #expect(result.tender.lots.allSatisfy { $0.status.isTerminal })
            #expect(result.events.map(\.kind) == [.cancelled(reason: "Besoin disparu")])
            #expect(result.events.map(\.routingKey) == ["procurement.tender.cancelled.v1"])
        }
    }
}
