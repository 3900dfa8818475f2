import Foundation
import Identifiers
import ProcurementDomain
import Testing

@Suite struct TenderLifecycleTests {
    let walk = TenderLifecycleWalk()
    var machine: TenderStateMachine { walk.machine }

    @Test func theWalkReachesEveryStatus() throws {
        #expect(try walk.allTenders().map(\.status) == TenderStatus.allCases)
    }

    // MARK: publish

    @Test func publishEmitsTheEventWithDeadlineAndDCEVersion() throws {
        let result = try machine.publish(DomainFixtures.openDraft(), at: walk.publishedAt)
        #expect(result.tender.status == .published)
        #expect(result.tender.publishedAt == walk.publishedAt)
        #expect(result.events.map(\.routingKey) == ["procurement.tender.published.v1"])
        #expect(result.events.first?.kind == .published(deadline: walk.deadline, dceVersion: 1))
        #expect(result.events.first?.occurredAt == walk.publishedAt)
    }

    @Test func publishRefusesADeadlineBelowTheMinimum() throws {
        let draft = DomainFixtures.openDraft(deadline: "2026-03-31T12:00:00+02:00")
        #expect(throws: ProcurementRuleError.self) { try machine.publish(draft, at: walk.publishedAt) }
        do {
            _ = try machine.publish(draft, at: walk.publishedAt)
        } catch {
            #expect(error.code == .deadlineTooShort)
            #expect(error.rule == "R2161-2")
            #expect(error.message.contains("2026-04-01"))
        }
    }

    @Test func publishGuardsMissingData() {
        var noDeadline = DomainFixtures.openDraft()
        noDeadline.deadline = nil
        var noCPV = DomainFixtures.openDraft()
        noCPV.mainCPV = nil
        var noRC = DomainFixtures.openDraft()
        noRC.dceContainsRC = false
        var noThresholds = DomainFixtures.openDraft()
        noThresholds.thresholds = nil
        var noLots = DomainFixtures.openDraft()
        noLots.lots = []
        for draft in [noDeadline, noCPV, noRC, noThresholds, noLots] {
            #expect(throws: ProcurementRuleError.self) { try machine.publish(draft, at: walk.publishedAt) }
            #expect((try? machine.publish(draft, at: walk.publishedAt)) == nil)
        }
        do {
            _ = try machine.publish(noCPV, at: walk.publishedAt)
        } catch {
            #expect(error.code == .missingData)
        }
    }

    @Test func publishRefusesAnAdaptedProcedureAboveTheEUThreshold() {
        var draft = DomainFixtures.openDraft()
        draft.procedure = .adapted
        do {
            _ = try machine.publish(draft, at: walk.publishedAt)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .procedureNotAllowed)
        }
    }

    @Test func publishAnAdaptedProcedureWithAShortDeadlineWarns() throws {
        var draft = DomainFixtures.openDraft(deadline: "2026-03-12T12:00:00+01:00")
        draft.procedure = .adapted
        draft.thresholds = DomainFixtures.adaptedLocal
        let result = try machine.publish(draft, at: walk.publishedAt)
        #expect(result.tender.status == .published)
        #expect(result.warnings.map(\.code) == [.shortAdaptedDeadline])
    }

    @Test func publishIsRefusedOutsideDraft() throws {
        for tender in try walk.allTenders() where tender.status != .draft {
            #expect(throws: ProcurementRuleError.self) { try machine.publish(tender, at: walk.publishedAt) }
        }
    }

    // MARK: deadline changes and close

    @Test func changeDeadlineOnlyLater() throws {
        let published = try walk.tender(in: .published)
        let now = DomainFixtures.instant("2026-03-20T10:00:00+01:00")
        let later = DomainFixtures.instant("2026-04-09T12:00:00+02:00")
        let result = try machine.changeDeadline(published, to: later, at: now)
        #expect(result.tender.deadline == later)
        #expect(result.events.map(\.kind) == [.deadlineChanged(from: walk.deadline, to: later)])
        #expect(result.events.map(\.routingKey) == ["procurement.tender.deadline-changed.v1"])
        for refused in [walk.deadline, DomainFixtures.instant("2026-04-01T12:00:00+02:00")] {
            #expect(throws: ProcurementRuleError.self) { try machine.changeDeadline(published, to: refused, at: now) }
        }
        // After the deadline has passed (close not run yet).
        #expect(throws: ProcurementRuleError.self) {
            try machine.changeDeadline(published, to: later, at: walk.deadline.addingTimeInterval(1))
        }
        for tender in try walk.allTenders() where tender.status != .published {
            #expect(throws: ProcurementRuleError.self) { try machine.changeDeadline(tender, to: later, at: now) }
        }
    }

    @Test func closeOnlyWhenTheClockReachesTheDeadline() throws {
        let published = try walk.tender(in: .published)
        do {
            _ = try machine.close(published, at: walk.deadline.addingTimeInterval(-1))
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .deadlineNotReached)
        }
        let closed = try machine.close(published, at: walk.deadline)
        #expect(closed.tender.status == .closed)
        #expect(closed.events.map(\.routingKey) == ["procurement.tender.closed.v1"])
        for tender in try walk.allTenders() where tender.status != .published {
            #expect(throws: ProcurementRuleError.self) { try machine.close(tender, at: walk.openedAt) }
        }
    }

    // MARK: opening

    @Test func openingOneMinuteBeforeTheDeadlineIsRefused() throws {
        let published = try walk.tender(in: .published)
        let early = walk.deadline.addingTimeInterval(-60)
        for caller in [DomainFixtures.administrator, DomainFixtures.opener] {
            do {
                _ = try machine.open(published, by: caller, at: early)
                Issue.record("expected a refusal")
            } catch {
                #expect(error.code == .deadlineNotReached)
            }
        }
    }

    @Test func openingNeedsTheOpenerRole() throws {
        let closed = try walk.tender(in: .closed)
        do {
            _ = try machine.open(closed, by: DomainFixtures.administrator, at: walk.openedAt)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .notAuthorised)
        }
        let opened = try machine.open(closed, by: DomainFixtures.opener, at: walk.openedAt)
        #expect(opened.tender.status == .opening)
        #expect(opened.events.map(\.kind) == [.bidsOpened(openedBy: "agent-7")])
        #expect(opened.events.map(\.routingKey) == ["procurement.bids.opened.v1"])
        for tender in try walk.allTenders() where tender.status != .closed {
            #expect(throws: ProcurementRuleError.self) {
                try machine.open(tender, by: DomainFixtures.opener, at: walk.openedAt)
            }
        }
    }

    @Test func recordAdmissibilityOnlyWhileOpening() throws {
        let result = try machine.recordAdmissibility(try walk.tender(in: .opening), at: walk.openedAt)
        #expect(result.tender.status == .evaluation)
        #expect(result.events.map(\.kind) == [.admissibilityRecorded])
        #expect(result.events.first?.routingKey == nil)
        for tender in try walk.allTenders() where tender.status != .opening {
            #expect(throws: ProcurementRuleError.self) { try machine.recordAdmissibility(tender, at: walk.openedAt) }
        }
    }
}

@Suite struct TenderPersistenceTests {
    @Test func aStoredTenderRoundTripsThroughJSONAndTheRestoreInitialiser() throws {
        let walk = TenderLifecycleWalk()
        let tender = try walk.tender(in: .standstill)
        let data = try JSONEncoder().encode(tender)
        #expect(try JSONDecoder().decode(Tender.self, from: data) == tender)
        let restored = Tender(
            restoringId: tender.id, procedure: tender.procedure, conditions: tender.conditions,
            mainCPV: tender.mainCPV, thresholds: tender.thresholds, deadline: tender.deadline,
            publishedAt: tender.publishedAt, lots: tender.lots, dceVersion: tender.dceVersion,
            dceContainsRC: tender.dceContainsRC, status: tender.status, legalChallenge: tender.legalChallenge,
            standstill: tender.standstill, signedAt: tender.signedAt, cancellationReason: tender.cancellationReason)
        #expect(restored == tender)
        #expect(try walk.machine.endStandstill(restored, at: walk.standstillEndsAt).tender.status == .awarded)
    }
}
