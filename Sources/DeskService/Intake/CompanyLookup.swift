import CommonContracts
import ContractTypes
import DeskContracts
import DeskDomain
import Foundation
import Identifiers
import Logging
import ServiceRuntime
import Sirene
import Storage

/// The worker's step for requests awaiting their company: looks the SIRET up in Sirene (outside any transaction),
/// then, in one transaction, either routes the request, cancels it (closed or unknown establishment), or puts it
/// back to wait: a rate limit waits for the delay Sirene gave, an outage or a bad answer backs off (1 min, doubling,
/// at most 1 h). A request never leaves this state silently, and the lookup is retried until it gets an answer.
struct CompanyLookup: Sendable {
    let settings: DeskSettings
    let catalogue: Catalogue
    let logger: Logger

    /// Handles up to `limit` due requests, at most `parallel` at a time (requests without a SIRET first: they need no
    /// lookup and must not queue behind Sirene's rate limit); returns how many it looked at.
    func runDue(host: ServiceHost, limit: Int = 50, parallel: Int = 8) async throws -> Int {
        let now = self.settings.clock.now()
        let due = try await host.withTransaction { transaction in
            try await transaction.query(
                """
                SELECT application_id::text, siret FROM solicitations
                WHERE status = 'awaitingCompany' AND next_lookup_at <= \(now)
                ORDER BY siret IS NOT NULL, next_lookup_at LIMIT \(limit)
                """
            ).map { (try $0.decode(String.self, at: 0), try $0.decode(String?.self, at: 1)) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, (applicationId, siret)) in due.enumerated() {
                if index >= parallel { try await group.next() }
                group.addTask {
                    let answer: Result<Establishment, SireneError>? = if let siret, let valid = try? SIRET(siret) {
                        await self.lookUp(valid)
                    } else {
                        nil
                    }
                    try await host.withTransaction { transaction in
                        try await self.apply(applicationId, answer: answer, transaction)
                    }
                }
            }
            try await group.waitForAll()
        }
        return due.count
    }

    private func lookUp(_ siret: SIRET) async -> Result<Establishment, SireneError> {
        do throws(SireneError) {
            return .success(try await self.settings.directory.establishment(siret: siret))
        } catch {
            return .failure(error)
        }
    }

    private func apply(_ applicationId: String, answer: Result<Establishment, SireneError>?, _ transaction: ServiceTransaction) async throws {
        guard let solicitation = try await Solicitation.load(applicationId, lock: true, in: transaction),
            solicitation.status == .awaitingCompany
        else { return }
        let now = self.settings.clock.now()
        guard let subject = self.catalogue.subject(solicitation.draft.landingSubjectId) else {
            try await Solicitation.cancel(
                solicitation, reason: .outOfScope, comment: "the subject \(solicitation.draft.landingSubjectId) left the catalogue",
                settings: self.settings, at: now, in: transaction)
            return
        }
        var facility: Facility
        var companyName: String?
        switch answer {
        case nil:
            facility = .project(communeInsee: solicitation.draft.communeInsee ?? "")
        case .success(let establishment):
            facility = Self.facility(establishment)
            companyName = establishment.name
            if !establishment.isActive && !subject.acceptsClosedEstablishments {
                try await Solicitation.cancel(
                    solicitation, reason: .establishmentClosed,
                    comment: "Sirene reports the establishment \(establishment.siret) closed"
                        + (establishment.closureDate.map { " since \($0)" } ?? ""),
                    suggestedSubject: self.catalogue.subjectsForClosedEstablishments.first, settings: self.settings, at: now,
                    in: transaction)
                return
            }
        case .failure(let error) where error.code == .notFound:
            try await Solicitation.cancel(
                solicitation, reason: .establishmentUnknown, comment: "Sirene knows no establishment \(solicitation.draft.siret ?? "")",
                settings: self.settings, at: now, in: transaction)
            return
        case .failure(let error):
            let backoff = min(3600, 60 * pow(2, Double(min(solicitation.lookupAttempts, 6))))
            let wait = error.code == .rateLimited ? (error.retryAfter?.secondsAsDouble ?? 60) : max(backoff, self.settings.lookupRetry.secondsAsDouble)
            self.logger.warning(
                "Sirene lookup deferred",
                metadata: ["application.id": "\(applicationId)", "sirene.code": "\(error.code)", "retry.seconds": "\(Int(wait))"])
            try await transaction.execute(
                """
                UPDATE solicitations SET lookup_attempts = lookup_attempts + 1, next_lookup_at = \(now.addingTimeInterval(wait)),
                    lookup_error = \("\(error.code): \(error.message)")
                WHERE application_id = \(applicationId)::uuid
                """)
            return
        }
        if facility.communeInsee.isEmpty, let commune = solicitation.draft.communeInsee { facility.communeInsee = commune }
        if subject.requiresLocation, let commune = solicitation.draft.communeInsee { facility.communeInsee = commune }
        try await transaction.execute(
            """
            UPDATE solicitations SET facility = \(PostgresJSON(facility)), company_name = \(companyName), lookup_error = NULL,
                lookup_attempts = lookup_attempts + \(answer == nil ? 0 : 1)
            WHERE application_id = \(applicationId)::uuid
            """)
        try await transaction.publish(
            ApplicationSubmitted(
                applicationId: applicationId, landingSubjectId: subject.id, submittedAt: solicitation.createdAt,
                applicant: .init(fullName: solicitation.draft.fullName, email: solicitation.draft.email),
                facility: Self.contractFacility(facility, answer: answer),
                requestedHelpAmountCents: solicitation.draft.requestedHelpAmountCents.map { Int($0) }, regionCode: solicitation.draft.regionCode ?? "27"),
            aggregate: applicationId, id: DerivedID.uuid("submitted|\(applicationId)"))
        try await NeedRouting(settings: self.settings, catalogue: self.catalogue).route(
            solicitation, subject: subject, facility: facility, companyName: companyName, at: now, transaction)
    }

    static func facility(_ establishment: Establishment) -> Facility {
        Facility(
            siret: try? SIRET(establishment.siret), nafCode: establishment.nafCode,
            headcountBand: HeadcountBand(code: establishment.headcountBand) ?? .unknown,
            legalCategory: establishment.legalCategory, creationDate: establishment.creationDate.flatMap(CalendarDay.init),
            communeInsee: establishment.communeInsee, active: establishment.isActive)
    }
}

extension CompanyLookup {
    /// The establishment as `desk.application.submitted.v1` carries it; nil for a project without a company.
    static func contractFacility(_ facility: Facility, answer: Result<Establishment, SireneError>?) -> ApplicationSubmitted.Facility? {
        guard case .success(let establishment) = answer, let siret = facility.siret else { return nil }
        return ApplicationSubmitted.Facility(
            siret: siret.description, nafCode: facility.nafCode, nafVersion: establishment.nafNomenclature.isEmpty ? nil : establishment.nafNomenclature,
            headcountBand: .init(rawValue: facility.headcountBand.code), legalCategory: facility.legalCategory,
            creationDate: facility.creationDate.flatMap { CalendarDate($0.description) },
            communeInsee: facility.communeInsee.isEmpty ? nil : facility.communeInsee)
    }
}
