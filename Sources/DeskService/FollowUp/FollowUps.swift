import DeskContracts
import DeskDomain
import Foundation
import NoticeRequests
import ServiceRuntime
import Storage

/// The durable follow-up timers (`follow_ups`, domain §5.4): a match still in quo gets a reminder to its expert after
/// 7 days and an escalation to its antenne's manager after 14. Rows are written with the match, fired by the worker
/// on the desk's clock (`FOR UPDATE SKIP LOCKED`, so several instances share them), each once; a match that moves
/// cancels its timers. Nothing lives in memory: a restart loses nothing.
struct FollowUps: Sendable {
    let settings: DeskSettings
    let catalogue: Catalogue

    static func kind(_ kind: FollowUpPolicy.Timer.Kind) -> String {
        switch kind {
        case .remindExpert: "reminder"
        case .escalateToManager: "escalation"
        }
    }

    /// Fires the due timers; returns how many.
    func fireDue(host: ServiceHost, limit: Int = 100) async throws -> Int {
        let now = self.settings.clock.now()
        return try await host.withTransaction { transaction in
            let due = try await transaction.query(
                """
                SELECT f.match_id::text, f.kind, f.due_at FROM follow_ups f JOIN matches m USING (match_id)
                WHERE f.fired_at IS NULL AND NOT f.cancelled AND f.due_at <= \(now) AND m.status = 'quo'
                ORDER BY f.due_at LIMIT \(limit) FOR UPDATE OF f SKIP LOCKED
                """
            ).map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1), try $0.decode(Date.self, at: 2)) }
            for (matchId, kind, dueAt) in due {
                try await self.fire(matchId, kind: kind, dueAt: dueAt, at: now, transaction)
            }
            return due.count
        }
    }

    private func fire(_ matchId: String, kind: String, dueAt: Date, at now: Date, _ transaction: ServiceTransaction) async throws {
        try await transaction.execute(
            "UPDATE follow_ups SET fired_at = \(now) WHERE match_id = \(matchId)::uuid AND kind = \(kind)")
        guard let match = try await MatchActions.load(matchId, in: transaction),
            let reminderKind = MatchReminderDue.Kind(rawValue: kind)
        else { return }
        try await transaction.publish(
            MatchReminderDue(
                matchId: matchId, needId: match.needId, applicationId: match.applicationId, kind: reminderKind, dueAt: dueAt,
                expertEmail: match.expertEmail, managerEmail: reminderKind == .escalation ? match.managerEmail : nil),
            aggregate: match.needId, id: DerivedID.uuid("reminder-due|\(matchId)|\(kind)"))
        let days = String(Int((dueAt.timeIntervalSince(match.sentAt) / 86_400).rounded()))
        let link = "\(self.settings.publicURL)/matches/\(matchId)"
        if reminderKind == .reminder {
            try await NoticeOutbox.desk.request(
                "desk-match-reminder", to: [match.expertEmail],
                variables: ["expertName": match.expertName, "subjectLabel": self.catalogue.subject(match.subjectId)?.label ?? match.subjectId, "days": days, "link": link],
                aggregate: ("match", matchId), cause: "\(matchId)|reminder", in: transaction)
        } else {
            try await NoticeOutbox.desk.request(
                "desk-match-escalation", to: [match.managerEmail],
                variables: [
                    "managerName": match.managerName, "expertName": match.expertName, "subjectLabel": self.catalogue.subject(match.subjectId)?.label ?? match.subjectId, "days": days,
                    "link": link,
                ],
                aggregate: ("match", matchId), cause: "\(matchId)|escalation", in: transaction)
        }
    }
}
