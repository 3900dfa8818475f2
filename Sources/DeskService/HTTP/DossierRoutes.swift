import ContractTypes
import DeskDomain
import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage

/// Aid applications over HTTP: the company drafts, completes and submits its file; the funder's instructors list
/// theirs, take one into instruction, request corrections and decide.
enum DossierRoutes {
    struct CorrectionBody: Codable, Sendable {
        var items: [DossierRecord.Correction]
        var respondBy: CalendarDate?
    }

    static let applicants: Set<String> = [Caller.Role.company, Caller.Role.operator]
    static let instructors: Set<String> = [Caller.Role.instructor, Caller.Role.operator]

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: DeskSettings, funders: Funders) {
        let dossiers = Dossiers(settings: settings, funders: funders)
        let decisions = AidDecisions(settings: settings, funders: funders)
        routes.post(
            "/dossiers", .token("companies (their own SIRET), operators", sees: "the application", roles: applicants, bodyLimit: 16 * 1024)
        ) { request, _, access in
            let caller = try access.requireCaller()
            let draft = try await ServiceHTTP.decode(Dossiers.Draft.self, from: request, limit: 16 * 1024)
            let record = try await host.withTransaction { try await dossiers.create(draft, by: caller, $0) }
            return try ServiceHTTP.json(record, status: .created)
        }
        routes.get(
            "/dossiers", .token("instructors (their funder's applications), operators (?funder=)", sees: "the applications", roles: instructors)
        ) { request, _, access in
            let caller = try access.requireCaller()
            let funder = caller.isOperator ? request.query("funder") : (caller.siren ?? "-")
            let state = request.query("state")
            let records = try await host.withTransaction { transaction in
                try await transaction.query(
                    """
                    SELECT \(unescaped: DossierRecord.columns) FROM dossiers
                    WHERE (\(funder)::text IS NULL OR funder_siren = \(funder)) AND (\(state)::text IS NULL OR state = \(state))
                    ORDER BY updated_at DESC LIMIT 500
                    """
                ).map(DossierRecord.init(row:))
            }
            return try ServiceHTTP.json(records)
        }
        routes.get(
            "/dossiers/:id", .token("the applicant company, the funder's instructors, operators", sees: "the application, its history and decision")
        ) { _, context, access in
            let caller = try access.requireCaller()
            let record = try await host.withTransaction { try await dossiers.load(context.parameters.get("id") ?? "", full: true, $0) }
            try Dossiers.requireViewer(caller, record)
            return try ServiceHTTP.json(record)
        }
        routes.on(
            "/dossiers/:id", method: .patch,
            .token("the applicant company, operators", sees: "the application", roles: applicants, bodyLimit: 16 * 1024)
        ) { request, context, access in
            let caller = try access.requireCaller()
            let edit = try await ServiceHTTP.decode(Dossiers.Edit.self, from: request, limit: 16 * 1024)
            let record = try await host.withTransaction { try await dossiers.edit(context.parameters.get("id") ?? "", edit, by: caller, $0) }
            return try ServiceHTTP.json(record)
        }
        routes.post("/dossiers/:id/submit", .token("the applicant company, operators", sees: "the application", roles: applicants)) {
            _, context, access in
            let caller = try access.requireCaller()
            let record = try await host.withTransaction { try await dossiers.submit(context.parameters.get("id") ?? "", by: caller, $0) }
            return try ServiceHTTP.json(record)
        }
        routes.post("/dossiers/:id/instruct", .token("the funder's instructors, operators", sees: "the application", roles: instructors)) {
            _, context, access in
            let caller = try access.requireCaller()
            let record = try await host.withTransaction { try await dossiers.startInstruction(context.parameters.get("id") ?? "", by: caller, $0) }
            return try ServiceHTTP.json(record)
        }
        routes.post(
            "/dossiers/:id/corrections",
            .token("the funder's instructors, operators", sees: "the application", roles: instructors, bodyLimit: 32 * 1024)
        ) { request, context, access in
            let caller = try access.requireCaller()
            let body = try await ServiceHTTP.decode(CorrectionBody.self, from: request, limit: 32 * 1024)
            let record = try await host.withTransaction {
                try await dossiers.requestCorrection(
                    context.parameters.get("id") ?? "", items: body.items, respondBy: body.respondBy, by: caller, $0)
            }
            return try ServiceHTTP.json(record)
        }
        routes.post(
            "/dossiers/:id/decision",
            .token("the funder's instructors, operators", sees: "the application and its decision", roles: instructors, bodyLimit: 16 * 1024)
        ) { request, context, access in
            let caller = try access.requireCaller()
            let input = try await ServiceHTTP.decode(AidDecisions.Input.self, from: request, limit: 16 * 1024)
            let record = try await host.withTransaction { try await decisions.decide(context.parameters.get("id") ?? "", input, by: caller, $0) }
            return try ServiceHTTP.json(record)
        }
    }
}
