import DeskContracts
import DeskDomain
import Foundation
import Identity
import NoticeRequests
import ServiceRuntime
import Storage

/// Takes a request in (domain §5.1), from the public route or `desk.application.submit.v1`:
/// - the subject must be in the catalogue and the draft must pass its flags (every refusal names the field and rule);
/// - the same `applicationId` again answers with the stored request (idempotent), a different body under it is a
///   conflict;
/// - a company signed in for this SIRET (or anyone whose token carries this e-mail) is trusted; any other
///   applicant confirms the e-mail address first, with at most ``DeskSettings/pendingPerEmail`` unconfirmed
///   requests per address;
/// - the same SIRET (or e-mail, without a SIRET) on the same subject within ``DeskSettings/duplicateWindow`` is
///   cancelled as a duplicate of the first one.
/// The Sirene lookup and the routing happen afterwards, in the worker (``CompanyLookup``).
struct SolicitationIntake: Sendable {
    /// Who sent the request, from verified identities only.
    enum Submitter: Sendable {
        case caller(Caller)
        case broker(String)
        case anonymous(clientAddress: String)

        var auditName: String {
            switch self {
            case .caller(let caller): caller.subject
            case .broker(let sender): "broker \(sender)"
            case .anonymous(let address): "anonymous \(address)"
            }
        }
    }

    struct Outcome: Sendable, Codable {
        var applicationId: String
        var status: String
        var cancelReason: String?
        var duplicateOf: String?
    }

    let settings: DeskSettings
    let catalogue: Catalogue

    func submit(
        applicationId: String, draft input: SolicitationDraft, by submitter: Submitter, in transaction: ServiceTransaction
    ) async throws -> Outcome {
        var draft = input
        draft.regionCode = draft.regionCode ?? "27"
        guard UUID(uuidString: applicationId) != nil else {
            throw ServiceProblem(.invalid, code: "invalidField", field: "applicationId", rule: "format uuid", "not a UUID")
        }
        guard let subject = self.catalogue.subject(draft.landingSubjectId) else {
            throw ServiceProblem(
                .invalid, code: "unknownSubject", field: "landingSubjectId", rule: "a subject of the catalogue",
                "no subject \(draft.landingSubjectId)")
        }
        if let violation = IntakeRules.check(draft, subject: subject.landing).first {
            throw ServiceProblem(.invalid, code: "invalidField", field: violation.field, rule: violation.rule.rawValue, violation.message)
        }
        if let existing = try await Solicitation.load(applicationId, in: transaction) {
            guard existing.draft == draft else {
                throw ServiceProblem(
                    .conflict, code: "applicationIdReused", field: "applicationId", rule: "one request per applicationId",
                    "another request already has this id")
            }
            return Outcome(applicationId: applicationId, status: existing.status.rawValue, cancelReason: existing.cancelReason?.rawValue)
        }
        var trusted = false
        var emailVerified = false
        switch submitter {
        case .caller(let caller):
            if let siret = draft.siret, caller.roles.contains(Caller.Role.company), caller.siret != nil, !caller.isCompany(siret: siret) {
                throw ServiceProblem(
                    .forbidden, code: "notYourCompany", field: "siret", rule: "a company's token is trusted for its own SIRET only",
                    "the token names another company")
            }
            trusted = draft.siret.map { caller.isCompany(siret: $0) } ?? false
            emailVerified = trusted || caller.owns(email: draft.email) || caller.isOperator
        case .broker, .anonymous:
            break
        }
        let now = self.settings.clock.now()
        let address: String? = if case .anonymous(let clientAddress) = submitter { clientAddress } else { nil }
        if !emailVerified {
            let pending = try await transaction.query(
                """
                SELECT count(*) FROM solicitations
                WHERE lower(email) = lower(\(draft.email)) AND status = 'awaitingConfirmation'
                """
            ).first?.decode(Int.self, at: 0) ?? 0
            guard pending < self.settings.pendingPerEmail else {
                throw ServiceProblem(
                    .rateLimited, code: "tooManyUnconfirmed", field: "email",
                    rule: "at most \(self.settings.pendingPerEmail) unconfirmed requests per address",
                    "confirm the requests already sent to this address first")
            }
        }
        var token: String?
        var tokenHash: String?
        if !emailVerified {
            let secret = Self.randomToken()
            token = secret
            tokenHash = Self.hash(secret)
        }
        let status: Solicitation.Status = emailVerified ? .awaitingCompany : .awaitingConfirmation
        let expires = now.addingTimeInterval(self.settings.confirmationValidity.secondsAsDouble)
        try await transaction.execute(
            """
            INSERT INTO solicitations (application_id, landing_subject, description, full_name, email, phone, siret, amount_cents,
                commune_insee, region_code, form_info, status, submitted_by, trusted, client_address, confirmation_hash,
                confirmation_expires, confirmed_at, next_lookup_at, created_at)
            VALUES (\(applicationId)::uuid, \(draft.landingSubjectId), \(draft.description), \(draft.fullName), \(draft.email),
                \(draft.phone), \(draft.siret), \(draft.requestedHelpAmountCents), \(draft.communeInsee), \(draft.regionCode ?? "27"),
                \(PostgresJSON(draft.formInfo)), \(status.rawValue), \(submitter.auditName), \(trusted), \(address), \(tokenHash),
                \(emailVerified ? nil : expires), \(emailVerified ? now : nil), \(emailVerified ? now : nil), \(now))
            """)
        if let original = try await self.duplicate(of: applicationId, draft, at: now, transaction) {
            guard let stored = try await Solicitation.load(applicationId, in: transaction) else { return Outcome(applicationId: applicationId, status: "canceled") }
            try await Solicitation.cancel(
                stored, reason: .duplicate, comment: "same request as \(original)", settings: self.settings, at: now, in: transaction)
            return Outcome(applicationId: applicationId, status: "canceled", cancelReason: "duplicate", duplicateOf: original)
        }
        if let token {
            try await NoticeOutbox.desk.request(
                "desk-confirm-email", mandatory: true, to: [draft.email],
                variables: [
                    "applicantName": draft.fullName, "subjectLabel": subject.label,
                    "link": "\(self.settings.publicURL)/solicitations/\(applicationId)/confirm?token=\(token)",
                    "expiresAt": ISO8601DateFormatter().string(from: expires),
                ],
                aggregate: ("solicitation", applicationId), cause: applicationId, in: transaction)
        }
        self.settings.wake.signal()
        return Outcome(applicationId: applicationId, status: status.rawValue)
    }

    /// The earlier live request with the same SIRET (or e-mail, without one) and subject, within the window.
    private func duplicate(
        of applicationId: String, _ draft: SolicitationDraft, at now: Date, _ transaction: ServiceTransaction
    ) async throws -> String? {
        let since = now.addingTimeInterval(-self.settings.duplicateWindow.secondsAsDouble)
        let rows = try await transaction.query(
            """
            SELECT application_id::text FROM solicitations
            WHERE landing_subject = \(draft.landingSubjectId) AND application_id <> \(applicationId)::uuid
              AND status <> 'canceled' AND created_at >= \(since)
              AND (CASE WHEN \(draft.siret)::text IS NULL THEN siret IS NULL AND lower(email) = lower(\(draft.email))
                        ELSE siret = \(draft.siret) END)
            ORDER BY created_at LIMIT 1
            """)
        return try rows.first?.decode(String.self, at: 0)
    }

    /// The applicant confirms the address with the secret the mail carried; the request then waits for the lookup.
    func confirm(applicationId: String, token: String, in transaction: ServiceTransaction) async throws -> Outcome {
        guard let solicitation = try await Solicitation.load(applicationId, lock: true, in: transaction) else {
            throw ServiceProblem(.notFound, code: "applicationNotFound", field: "applicationId", rule: "a request of the desk", applicationId)
        }
        guard solicitation.status == .awaitingConfirmation else {
            if solicitation.status == .canceled {
                throw ServiceProblem(
                    .conflict, code: "applicationCanceled", field: "applicationId", rule: "a request awaiting confirmation",
                    "the request was cancelled (\(solicitation.cancelReason?.rawValue ?? "?"))")
            }
            return Outcome(applicationId: applicationId, status: solicitation.status.rawValue)
        }
        let now = self.settings.clock.now()
        let updated = try await transaction.execute(
            """
            UPDATE solicitations SET status = 'awaitingCompany', confirmed_at = \(now), next_lookup_at = \(now),
                confirmation_hash = NULL
            WHERE application_id = \(applicationId)::uuid AND confirmation_hash = \(Self.hash(token)) AND confirmation_expires > \(now)
            """)
        guard updated == 1 else {
            throw ServiceProblem(
                .forbidden, code: "invalidConfirmation", field: "token", rule: "the secret of the confirmation mail, before it expires",
                "this link is not valid (wrong or expired)")
        }
        self.settings.wake.signal()
        return Outcome(applicationId: applicationId, status: Solicitation.Status.awaitingCompany.rawValue)
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func hash(_ token: String) -> String {
        SHA256Hex.of(token)
    }
}
