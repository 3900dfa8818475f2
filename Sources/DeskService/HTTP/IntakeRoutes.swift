import DeskDomain
import Foundation
import Hummingbird
import ServiceRuntime

/// The public side of the desk: the catalogue's subjects, the intake form, the e-mail confirmation and the
/// satisfaction survey. Anonymous calls are rate-limited per client address by the route rules.
enum IntakeRoutes {
    struct Submission: Codable, Sendable {
        var applicationId: String
        var landingSubjectId: String
        var description: String
        var fullName: String
        var email: String
        var phone: String?
        var siret: String?
        var requestedHelpAmountCents: Int64?
        var communeInsee: String?
        var regionCode: String?
        var formInfo: [String: FormValue]?
    }

    struct Confirmation: Codable, Sendable {
        var token: String
    }

    struct SubjectView: Codable, Sendable {
        var id: String
        var themeId: String
        var label: String
        var requiresSiret: Bool
        var requiresRequestedHelpAmount: Bool
        var requiresLocation: Bool
        var questions: [Subject.Question]
    }

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: DeskSettings, catalogue: Catalogue) {
        routes.get("/subjects", .anonymous(sees: "the catalogue's subjects, their flags and questions")) { _, _, _ in
            try ServiceHTTP.json(
                catalogue.subjects.map {
                    SubjectView(
                        id: $0.id, themeId: $0.themeId, label: $0.label, requiresSiret: $0.requiresSiret,
                        requiresRequestedHelpAmount: $0.requiresRequestedHelpAmount, requiresLocation: $0.requiresLocation,
                        questions: $0.questions)
                })
        }
        routes.post(
            "/solicitations",
            .optionalToken(
                "anyone (an anonymous applicant confirms the e-mail first); a company's token is trusted for its own SIRET",
                sees: "the request's id and status", bodyLimit: 32 * 1024)
        ) { request, _, access in
            let body = try await ServiceHTTP.decode(Submission.self, from: request, limit: 32 * 1024)
            let draft = SolicitationDraft(
                landingSubjectId: body.landingSubjectId, description: body.description, fullName: body.fullName, email: body.email,
                phone: body.phone, siret: body.siret, requestedHelpAmountCents: body.requestedHelpAmountCents,
                communeInsee: body.communeInsee, regionCode: body.regionCode, formInfo: body.formInfo ?? [:])
            let submitter: SolicitationIntake.Submitter =
                if let caller = access.caller { .caller(caller) } else { .anonymous(clientAddress: access.clientAddress) }
            let outcome = try await host.withTransaction { transaction in
                try await SolicitationIntake(settings: settings, catalogue: catalogue).submit(
                    applicationId: body.applicationId, draft: draft, by: submitter, in: transaction)
            }
            return try ServiceHTTP.json(outcome, status: .accepted)
        }
        routes.post(
            "/solicitations/:id/confirm",
            .anonymous("the holder of the confirmation mail's secret", sees: "the request's status", bodyLimit: 1024)
        ) { request, context, _ in
            let body = try await ServiceHTTP.decode(Confirmation.self, from: request, limit: 1024)
            let outcome = try await host.withTransaction { transaction in
                try await SolicitationIntake(settings: settings, catalogue: catalogue).confirm(
                    applicationId: context.parameters.get("id") ?? "", token: body.token, in: transaction)
            }
            return try ServiceHTTP.json(outcome)
        }
        routes.post(
            "/surveys/:needId",
            .anonymous("the holder of the survey mail's secret", sees: "nothing (204)", bodyLimit: 4096)
        ) { request, context, _ in
            let answer = try await ServiceHTTP.decode(Surveys.Answer.self, from: request, limit: 4096)
            try await host.withTransaction { transaction in
                try await Surveys(settings: settings, catalogue: catalogue).answer(
                    needId: context.parameters.get("needId") ?? "", answer, transaction)
            }
            return Response(status: .noContent)
        }
    }
}
