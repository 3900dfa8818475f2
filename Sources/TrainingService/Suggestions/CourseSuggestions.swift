import DocumentsContracts
import Foundation
import Identity
import NoticeRequests
import ProcurementContracts
import ServiceRuntime
import Storage
import TrainingDomain

/// An authority's first tender (procurement) or first act (document exchange) suggests the courses that teach that
/// e-service, once per body and e-service, to the training contact of bodies that opted in.
struct CourseSuggestions: Sendable {
    let settings: TrainingSettings
    let catalogue: CourseCatalogue

    func tenderPublished(_ event: TenderPublished, _ context: HandlerContext) async throws {
        try await self.suggest(siren: String(event.buyer.siret.prefix(9)), eservice: .procurement, trigger: event.tenderId, context.transaction)
    }

    func actSubmitted(_ event: ActSubmitted, _ context: HandlerContext) async throws {
        try await self.suggest(siren: event.authority.siren, eservice: .documents, trigger: event.actId, context.transaction)
    }

    func suggest(siren: String, eservice: Course.EService, trigger: String, _ transaction: ServiceTransaction) async throws {
        guard let contact = try await transaction.query("SELECT contact_email FROM suggestion_opt_ins WHERE siren = \(siren)")
            .first.map({ try $0.decode(String.self, at: 0) })
        else { return }
        let courses = self.catalogue.courses(teaching: eservice)
        guard !courses.isEmpty else { return }
        let inserted = try await transaction.execute(
            """
            INSERT INTO suggestions (siren, eservice, trigger_id, courses, suggested_at)
            VALUES (\(siren), \(eservice.rawValue), \(trigger), \(courses.map(\.code)), \(self.settings.clock.now()))
            ON CONFLICT (siren, eservice) DO NOTHING
            """)
        guard inserted == 1 else { return }
        try await NoticeOutbox.training.request(
            "training-course-suggestion", to: [contact],
            variables: [
                "eservice": eservice.rawValue, "courses": courses.map { "- \($0.title) (\($0.code), \(CertificatePDF.hoursText(minutes: Int($0.durationHours * 60))) h)" }
                    .joined(separator: "\n"),
                "link": "\(self.settings.publicURL)/sessions?course=\(courses[0].code)",
            ],
            aggregate: ("body", siren), cause: "\(siren)|\(eservice.rawValue)|suggestion", in: transaction)
    }
}

