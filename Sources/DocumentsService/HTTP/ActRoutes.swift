import ContractTypes
import DocumentsContracts
import DocumentsDomain
import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage

/// Acts over HTTP: submission by an agent of the authority (files uploaded first with `POST /files`), the act's
/// status and history, cancellation, and the operators' lists.
enum ActRoutes {
    struct FileRef: Codable, Sendable {
        var sha256: String
        var fileName: String
    }

    struct Submission: Codable, Sendable {
        var actId: String
        var siren: String
        var numeroInterne: String
        var decisionDate: CalendarDate
        var natureCode: String
        var matter: String
        var classificationDate: CalendarDate?
        var object: String
        var act: FileRef
        var annexes: [FileRef]?
        var signature: FileRef?
        var paperDocument: Bool?
    }

    struct Summary: Codable, Sendable {
        var actId: String
        var idActe: String
        var siren: String
        var origin: Origin
        var object: String
        var status: Int
        var statusLabel: String
        var statusAt: Date
        var receptionDate: CalendarDate?
        var legalityDeadline: CalendarDate?
        var publishedOn: CalendarDate?
        var enforceableOn: CalendarDate?
        var detail: String?
        var cancellationPending: Bool
        var files: [FileStore.Stored]?
        var package: FileStore.Stored?
        var history: [Entry]?
        var letters: [Letter]?

        init(_ act: ActRecord, full: Bool) {
            self.actId = act.actId
            self.idActe = act.idActe
            self.siren = act.siren
            self.origin = act.origin
            self.object = act.object
            self.status = act.status.rawValue
            self.statusLabel = act.status.label
            self.statusAt = act.statusAt
            self.receptionDate = act.receptionDate
            self.legalityDeadline = act.legalityDeadline
            self.publishedOn = act.publishedOn
            self.enforceableOn = act.enforceableOn
            self.detail = act.detail
            self.cancellationPending = act.cancellationPending
            self.files = full ? act.files : nil
            self.package = full ? act.package : nil
        }
    }

    struct Entry: Codable, Sendable {
        var status: Int
        var label: String
        var at: Date
        var message: String?
        var flux: String?
    }

    struct Letter: Codable, Sendable {
        var letterId: String
        var letterRef: String
        var letterType: Int
        var receivedAt: Date
        var answerType: Int?
        var answeredAt: Date?
        var answerAcknowledgedAt: Date?
    }

    struct Publication: Codable, Sendable {
        var publishedOn: CalendarDate
    }

    struct Cancellation: Codable, Sendable {
        var reason: String
    }

    struct Answer: Codable, Sendable {
        /// 4: the answer (the documents asked for, or the answer to the observations); 3: the refusal.
        var answerType: Int
        var files: [FileRef]
    }

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: DocumentsSettings) {
        routes.post(
            "/acts", .token("agents of the authority's SIREN, operators", sees: "the accepted act with its IDActe")
        ) { request, _, access in
            let body = try await ServiceHTTP.decode(Submission.self, from: request)
            let caller = try access.requireAgent(of: body.siren)
            guard UUID(uuidString: body.actId) != nil else {
                throw ServiceProblem(.invalid, code: "actIdInvalid", field: "actId", rule: "a UUID chosen by the client (idempotency key)", body.actId)
            }
            let store = FileStore(directory: settings.storeDirectory)
            func file(_ reference: FileRef, _ field: String) throws -> ActRequest.File {
                .init(name: reference.fileName, content: try store.get(sha256: reference.sha256, fileName: reference.fileName, field: field).1)
            }
            let submission = ActRequest(
                actId: body.actId.lowercased(), siren: body.siren, origin: Origin(service: .portal, reference: body.actId.lowercased()),
                numeroInterne: body.numeroInterne, decisionDate: body.decisionDate, natureCode: body.natureCode, matter: body.matter,
                classificationDate: body.classificationDate, object: body.object, act: try file(body.act, "act"),
                annexes: try (body.annexes ?? []).enumerated().map { try file($1, "annexes[\($0)]") },
                signature: try body.signature.map { try file($0, "signature").content }, paperDocument: body.paperDocument ?? false,
                requestedBy: caller.subject)
            let (created, act) = try await host.withTransaction { transaction in
                let created = try await ActIntake(settings: settings).submit(submission, transaction)
                return (created, try await ActRecord.require(submission.actId, lock: false, in: transaction))
            }
            guard act.siren == body.siren else {
                throw ServiceProblem(.conflict, code: "actIdTaken", field: "actId", rule: "one act per actId", "actId is another authority's")
            }
            return try ServiceHTTP.json(Summary(act, full: true), status: created ? .created : .ok)
        }
        routes.get(
            "/acts/:id", .token("agents of the act's authority, operators", sees: "the act, its files and its status history")
        ) { _, context, access in
            let id = context.parameters.get("id") ?? ""
            let summary = try await host.withTransaction { transaction in
                let act = try await ActRecord.require(id, lock: false, in: transaction)
                try access.requireAgent(of: act.siren)
                var summary = Summary(act, full: true)
                let rows = try await transaction.query(
                    "SELECT status, at, message, return_flux FROM act_status WHERE act_id = \(act.actId)::uuid ORDER BY id")
                summary.history = try rows.map { row in
                    let status = try row.decode(Int.self, at: 0)
                    return Entry(
                        status: status, label: ActStatus(rawValue: status)?.label ?? "?", at: try row.decode(Date.self, at: 1),
                        message: try row.decode(String?.self, at: 2), flux: try row.decode(String?.self, at: 3))
                }
                summary.letters = try await transaction.query(
                    """
                    SELECT letter_id::text, letter_ref, letter_type, received_at, answer_type, answered_at, answer_acknowledged_at
                    FROM letters WHERE act_id = \(act.actId)::uuid ORDER BY received_at
                    """
                ).map { row in
                    Letter(
                        letterId: try row.decode(String.self, at: 0), letterRef: try row.decode(String.self, at: 1),
                        letterType: try row.decode(Int.self, at: 2), receivedAt: try row.decode(Date.self, at: 3),
                        answerType: try row.decode(Int?.self, at: 4), answeredAt: try row.decode(Date?.self, at: 5),
                        answerAcknowledgedAt: try row.decode(Date?.self, at: 6))
                }
                return summary
            }
            return try ServiceHTTP.json(summary)
        }
        routes.get(
            "/acts",
            .token("agents (their authority's acts; ?siren= their own), operators (any)", sees: "acts, newest first (?status=, ?limit=)")
        ) { request, _, access in
            let caller = try access.requireCaller()
            let siren = request.query("siren") ?? (caller.isOperator ? nil : caller.bodySIREN)
            if let siren { try access.requireAgent(of: siren) } else { try access.require("operators") { $0.isOperator } }
            let status = request.query("status").flatMap(Int.init)
            let limit = min(max(request.query("limit").flatMap(Int.init) ?? 100, 1), 1000)
            let acts = try await host.withTransaction { transaction in
                try await transaction.query(
                    """
                    SELECT \(unescaped: ActRecord.columns) FROM acts
                    WHERE (\(siren)::text IS NULL OR siren = \(siren)) AND (\(status)::int IS NULL OR status = \(status))
                    ORDER BY submitted_at DESC LIMIT \(limit)
                    """
                ).map { Summary(try ActRecord(row: $0), full: false) }
            }
            return try ServiceHTTP.json(acts)
        }
        routes.post(
            "/acts/:id/letters/:letter/answer",
            .token("agents of the act's authority, operators", sees: "the act with the answer in its history")
        ) { request, context, access in
            let id = context.parameters.get("id") ?? ""
            let letter = context.parameters.get("letter") ?? ""
            let body = try await ServiceHTTP.decode(Answer.self, from: request)
            let store = FileStore(directory: settings.storeDirectory)
            let files = try body.files.enumerated().map { index, reference in
                ActRequest.File(
                    name: reference.fileName,
                    content: try store.get(sha256: reference.sha256, fileName: reference.fileName, field: "files[\(index)]").1)
            }
            let act = try await host.withTransaction { transaction in
                let act = try await ActRecord.require(id, lock: false, in: transaction)
                let caller = try access.requireAgent(of: act.siren)
                try await LetterAnswers(settings: settings).answer(
                    actId: act.actId, letterId: letter, answerType: body.answerType, files: files, by: caller.subject, transaction)
                return act
            }
            return try ServiceHTTP.json(Summary(act, full: false), status: .accepted)
        }
        routes.post(
            "/acts/:id/publication",
            .token("agents of the act's authority, operators", sees: "the act with its publication and enforceability dates")
        ) { request, context, access in
            let id = context.parameters.get("id") ?? ""
            let body = try await ServiceHTTP.decode(Publication.self, from: request)
            let act = try await host.withTransaction { transaction in
                let act = try await ActRecord.require(id, lock: true, in: transaction)
                try access.requireAgent(of: act.siren)
                guard body.publishedOn >= act.decisionDate, body.publishedOn <= ParisCalendar.date(of: settings.clock.now()) else {
                    throw ServiceProblem(
                        .invalid, code: "publicationDateInvalid", field: "publishedOn",
                        rule: "on or after the decision date, not in the future", body.publishedOn.description)
                }
                try await transaction.execute(
                    "UPDATE acts SET published_on = \(body.publishedOn.description)::date WHERE act_id = \(act.actId)::uuid")
                return try await ActRecord.require(id, lock: false, in: transaction)
            }
            return try ServiceHTTP.json(Summary(act, full: false))
        }
        routes.post(
            "/acts/:id/cancel", .token("agents of the act's authority, operators", sees: "the act with its cancellation pending")
        ) { request, context, access in
            let id = context.parameters.get("id") ?? ""
            let body = try await ServiceHTTP.decode(Cancellation.self, from: request)
            let act = try await host.withTransaction { transaction in
                let act = try await ActRecord.require(id, lock: false, in: transaction)
                let caller = try access.requireAgent(of: act.siren)
                try await ActCancellation(settings: settings).cancel(actId: act.actId, reason: body.reason, requestedBy: caller.subject, transaction)
                return try await ActRecord.require(id, lock: false, in: transaction)
            }
            return try ServiceHTTP.json(Summary(act, full: false), status: .accepted)
        }
    }
}
