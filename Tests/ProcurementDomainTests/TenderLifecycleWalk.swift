import Foundation

@testable import ProcurementDomain

/// Walks a tender through the lifecycle to reach any status, with fixed instants.
struct TenderLifecycleWalk {
    let machine = TenderStateMachine()
    let publishedAt = DomainFixtures.instant("2026-03-02T09:00:00+01:00")
    let deadline = DomainFixtures.instant("2026-04-02T12:00:00+02:00")
    let openedAt = DomainFixtures.instant("2026-04-02T14:00:00+02:00")
    let lettersSentAt = DomainFixtures.instant("2026-04-10T10:00:00+02:00")
    let standstillEndsAt = DomainFixtures.instant("2026-04-21T08:00:00+02:00")
    let signedAt = DomainFixtures.instant("2026-04-22T10:00:00+02:00")

    /// A tender in `status` (standstill with the letters recorded).
    func tender(in status: TenderStatus) throws -> Tender {
        var tender = DomainFixtures.openDraft()
        if status == .draft { return tender }
        tender = try machine.publish(tender, at: publishedAt).tender
        if status == .published { return tender }
        if status == .cancelled { return try machine.cancel(tender, reason: "Besoin modifié", at: publishedAt).tender }
        tender = try machine.close(tender, at: deadline).tender
        if status == .closed { return tender }
        if status == .unsuccessful {
            tender = try machine.markLotUnsuccessful(tender, lotId: "1", reason: "no bids", at: deadline).tender
            return try machine.markLotUnsuccessful(tender, lotId: "2", reason: "no bids", at: deadline).tender
        }
        tender = try machine.open(tender, by: DomainFixtures.opener, at: openedAt).tender
        if status == .opening { return tender }
        tender = try machine.recordAdmissibility(tender, at: openedAt).tender
        if status == .evaluation { return tender }
        tender = try machine.decideAward(tender, bidCount: 3, at: lettersSentAt).tender
        tender = try machine.recordRejectionLettersSent(
            tender, sentAt: lettersSentAt, electronic: true, at: lettersSentAt
        )
        .tender
        if status == .standstill { return tender }
        tender = try machine.endStandstill(tender, at: standstillEndsAt).tender
        if status == .awarded { return tender }
        tender = try machine.signContract(tender, at: signedAt).tender
        if status == .contractSigned { return tender }
        tender = try machine.notifyHolder(tender, actesAcknowledgedAt: signedAt, at: signedAt).tender
        if status == .notified { return tender }
        return try machine.complete(tender, awardNoticePublished: true, decpPublished: true, at: signedAt).tender
    }

    /// Every status, each reached by the walk.
    func allTenders() throws -> [Tender] {
        try TenderStatus.allCases.map { try tender(in: $0) }
    }
}
