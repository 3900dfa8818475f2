import ContractTypes
import DeskContracts
import DeskDomain
import Foundation
import NoticeRequests
import ServiceRuntime
import Storage

/// Turns a request whose company is known into its need, matches and follow-up timers (domain §5.2), in the
/// transaction that marks it processed. The routing decision is stored with the need, explained; ids derive from
/// the request, the subject and the expert, so running it twice creates nothing twice.
struct NeedRouting: Sendable {
    let settings: DeskSettings
    let catalogue: Catalogue

    func route(
        _ solicitation: Solicitation, subject: Subject, facility: Facility, companyName: String?, at now: Date,
        _ transaction: ServiceTransaction
    ) async throws {
        let applicationId = solicitation.applicationId
        let decision = Router(catalogue: self.catalogue).route(
            subjectId: subject.id, facility: facility, answers: solicitation.draft.answers, on: ParisDay.of(now))
        let needId = DerivedID.uuid("need|\(applicationId)|\(subject.id)")
        let inserted = try await transaction.execute(
            """
            INSERT INTO needs (need_id, application_id, subject_id, status, default_desk, decision, routed_at)
            VALUES (\(needId)::uuid, \(applicationId)::uuid, \(subject.id), \(decision.matches.isEmpty ? "diagnosisNotComplete" : "quo"),
                \(decision.routedToDefaultDesk), \(PostgresJSON(decision)), \(now))
            ON CONFLICT (application_id, subject_id) DO NOTHING
            """)
        guard inserted == 1 else { return }
        var routed: [ApplicationRouted.Match] = []
        for expert in decision.matches {
            let matchId = DerivedID.uuid("match|\(needId)|\(expert.expertId)")
            let manager = self.catalogue.antenne(expert.antenneId)?.manager
            try await transaction.execute(
                """
                INSERT INTO matches (match_id, need_id, expert_key, expert_name, expert_email, institution, antenne, manager_email,
                    manager_name, status, sent_at)
                VALUES (\(matchId)::uuid, \(needId)::uuid, \(expert.expertId), \(expert.fullName), \(expert.email),
                    \(expert.institutionName), \(expert.antenneName), \(manager?.email), \(manager?.name), 'quo', \(now))
                """)
            try await transaction.execute(
                "INSERT INTO match_history (match_id, status, at, actor) VALUES (\(matchId)::uuid, 'quo', \(now), 'routing')")
            for timer in FollowUpPolicy.standard.timers(forMatchSentAt: now) {
                try await transaction.execute(
                    """
                    INSERT INTO follow_ups (match_id, kind, due_at) VALUES (\(matchId)::uuid, \(FollowUps.kind(timer.kind)), \(timer.dueAt))
                    """)
            }
            let expertUUID = DerivedID.uuid("expert|\(expert.expertId)")
            try await transaction.publish(
                MatchCreated(
                    matchId: matchId, needId: needId, applicationId: applicationId, subjectId: subject.id, expertId: expertUUID,
                    expertKey: expert.expertId, expertEmail: expert.email, institution: expert.institutionName,
                    antenne: expert.antenneName, defaultDesk: decision.routedToDefaultDesk, createdAt: now),
                aggregate: needId, id: DerivedID.uuid("match-created|\(matchId)"))
            routed.append(
                .init(
                    matchId: matchId, expertId: expertUUID, expertName: expert.fullName, expertEmail: expert.email,
                    institution: expert.institutionName, antenne: expert.antenneName))
            let variables: [String: String?] = [
                "expertName": expert.fullName, "subjectLabel": subject.label, "communeInsee": facility.communeInsee,
                "description": solicitation.draft.description, "companyName": companyName, "siret": solicitation.draft.siret,
                "link": "\(self.settings.publicURL)/matches/\(matchId)", "applicationId": applicationId,
            ]
            if decision.routedToDefaultDesk {
                var alert = variables
                alert["managerName"] = manager?.name
                alert["explanation"] = decision.explanation.joined(separator: "\n")
                try await NoticeOutbox.desk.request(
                    "desk-default-desk-alert", to: [decision.alertManager ?? manager?.email], variables: alert,
                    aggregate: ("need", needId), cause: needId, in: transaction)
            }
            try await NoticeOutbox.desk.request(
                "desk-expert-alert", to: [expert.email], variables: variables, aggregate: ("match", matchId), cause: matchId,
                in: transaction)
        }
        try await transaction.publish(
            ApplicationRouted(
                applicationId: applicationId, needId: needId, subjectId: subject.id, routedAt: now,
                facilityCommuneInsee: facility.communeInsee.isEmpty ? nil : facility.communeInsee,
                routedToDefaultDesk: decision.routedToDefaultDesk, matches: routed),
            aggregate: applicationId, id: DerivedID.uuid("routed|\(needId)"))
        try await transaction.execute(
            """
            UPDATE solicitations SET status = 'processed', completed_at = \(now), next_lookup_at = NULL
            WHERE application_id = \(applicationId)::uuid
            """)
        try await NoticeOutbox.desk.request(
            "desk-application-received", to: [solicitation.draft.email],
            variables: ["applicantName": solicitation.draft.fullName, "subjectLabel": subject.label, "applicationId": applicationId],
            aggregate: ("solicitation", applicationId), cause: applicationId, in: transaction)
    }
}

/// The calendar day in Europe/Paris, where the desk's days (years of existence, the de minimis window) are counted.
enum ParisDay {
    static func of(_ instant: Date) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
