import DeskContracts
import DeskDomain
import Foundation
import NoticeRequests
import ServiceRuntime
import Storage

/// A company's request as stored (`solicitations`).
struct Solicitation: Sendable, Codable {
    enum Status: String, Sendable, Codable {
        /// Anonymous: waits for the applicant to confirm the e-mail address.
        case awaitingConfirmation
        /// Waits for the Sirene lookup (retried while Sirene is rate-limited or down).
        case awaitingCompany
        /// Routed: its needs and matches exist.
        case processed
        case canceled
    }

    enum CancelReason: String, Sendable, Codable, CaseIterable {
        case spam, duplicate, outOfScope, establishmentClosed, establishmentUnknown, emailNotConfirmed
    }

    var applicationId: String
    var draft: SolicitationDraft
    var status: Status
    var cancelReason: CancelReason?
    var cancelComment: String?
    var submittedBy: String
    var trusted: Bool
    var lookupAttempts: Int
    var nextLookupAt: Date?
    var lookupError: String?
    var facility: Facility?
    var companyName: String?
    var createdAt: Date
    var completedAt: Date?

    static let columns = """
        application_id::text, landing_subject, description, full_name, email, phone, siret, amount_cents, commune_insee,
        region_code, form_info, status, cancel_reason, cancel_comment, submitted_by, trusted, lookup_attempts, next_lookup_at,
        lookup_error, facility, company_name, created_at, completed_at
        """

    init(row: PostgresRow) throws {
        self.applicationId = try row.decode(String.self, at: 0)
        self.draft = SolicitationDraft(
            landingSubjectId: try row.decode(String.self, at: 1), description: try row.decode(String.self, at: 2),
            fullName: try row.decode(String.self, at: 3), email: try row.decode(String.self, at: 4),
            phone: try row.decode(String?.self, at: 5), siret: try row.decode(String?.self, at: 6),
            requestedHelpAmountCents: try row.decode(Int64?.self, at: 7), communeInsee: try row.decode(String?.self, at: 8),
            regionCode: try row.decode(String.self, at: 9),
            formInfo: try row.decode(PostgresJSON<[String: FormValue]>.self, at: 10).value)
        self.status = Status(rawValue: try row.decode(String.self, at: 11)) ?? .canceled
        self.cancelReason = try row.decode(String?.self, at: 12).flatMap(CancelReason.init(rawValue:))
        self.cancelComment = try row.decode(String?.self, at: 13)
        self.submittedBy = try row.decode(String.self, at: 14)
        self.trusted = try row.decode(Bool.self, at: 15)
        self.lookupAttempts = try row.decode(Int.self, at: 16)
        self.nextLookupAt = try row.decode(Date?.self, at: 17)
        self.lookupError = try row.decode(String?.self, at: 18)
        self.facility = try row.decode(PostgresJSON<Facility>?.self, at: 19)?.value
        self.companyName = try row.decode(String?.self, at: 20)
        self.createdAt = try row.decode(Date.self, at: 21)
        self.completedAt = try row.decode(Date?.self, at: 22)
    }

    static func load(_ applicationId: String, lock: Bool = false, in transaction: ServiceTransaction) async throws -> Solicitation? {
        guard UUID(uuidString: applicationId) != nil else { return nil }
        let rows = try await transaction.query(
            """
            SELECT \(unescaped: Self.columns) FROM solicitations WHERE application_id = \(applicationId)::uuid
            \(unescaped: lock ? "FOR UPDATE" : "")
            """)
        return try rows.first.map(Solicitation.init(row:))
    }

    /// Marks the request canceled and says so (`desk.application.cancelled.v1`, a notice to the applicant).
    static func cancel(
        _ solicitation: Solicitation, reason: CancelReason, comment: String?, suggestedSubject: Subject? = nil, settings: DeskSettings,
        at now: Date, in transaction: ServiceTransaction
    ) async throws {
        try await transaction.execute(
            """
            UPDATE solicitations SET status = 'canceled', cancel_reason = \(reason.rawValue), cancel_comment = \(comment),
                completed_at = \(now), next_lookup_at = NULL
            WHERE application_id = \(solicitation.applicationId)::uuid
            """)
        try await transaction.publish(
            ApplicationCancelled(
                applicationId: solicitation.applicationId, cancelledAt: now, reason: .init(rawValue: reason.rawValue)!,
                comment: comment.map { String($0.prefix(1000)) }, suggestedSubjectId: suggestedSubject?.id),
            aggregate: solicitation.applicationId, id: DerivedID.uuid("cancelled|\(solicitation.applicationId)"))
        guard reason != .spam else { return }
        try await NoticeOutbox.desk.request(
            "desk-application-cancelled", to: [solicitation.draft.email],
            variables: [
                "applicantName": solicitation.draft.fullName, "reason": reason.rawValue, "comment": comment,
                "suggestedSubjectLabel": suggestedSubject?.label,
                "link": suggestedSubject.map { "\(settings.publicURL)/sujets/\($0.id)" },
            ],
            aggregate: ("solicitation", solicitation.applicationId), cause: solicitation.applicationId, in: transaction)
    }
}
