import CommonContracts
import DocumentsContracts
import Foundation
import Identity
import ServiceRuntime

/// `documents.act.submit.v1`, `documents.act.cancel.v1` and `documents.pes.submit.v1` from other services or the
/// portal. Who acts comes from verified identities only: with an actor token, `requestedBy.userId` is its subject
/// and the actor is an agent of the authority (or an operator); without one, only an operator's broker user may
/// send. Files come by claim check, read from the claims directories and checked against their digest.
struct CommandHandlers: Sendable {
    let settings: DocumentsSettings

    var reader: ClaimCheckReader { ClaimCheckReader(allowedRoots: self.settings.claimRoots, maxBytes: 160 << 20) }

    func submitAct(_ command: ActSubmit, _ context: HandlerContext) async throws {
        let actor = try Self.actor(command.requestedBy.userId, body: command.authority.siren, context)
        func read(_ file: ClosedFileReference, _ field: String) throws -> ActRequest.File {
            .init(name: file.fileName, content: try self.reader.read(uri: file.uri, sha256: file.sha256, sizeBytes: file.sizeBytes, field: field))
        }
        let request = ActRequest(
            actId: command.actId, siren: command.authority.siren, origin: Origin(service: .portal, reference: command.actId),
            numeroInterne: command.numeroInterne, decisionDate: command.decisionDate, natureCode: command.natureCode.rawValue,
            matter: command.matter, classificationDate: command.classificationDate, object: command.object,
            act: try read(command.act, "act"),
            annexes: try (command.annexes ?? []).enumerated().map { try read($1, "annexes[\($0)]") },
            signature: try command.signature.map { try read($0, "signature").content }, paperDocument: command.paperDocument ?? false,
            requestedBy: actor)
        try await ActIntake(settings: self.settings).submit(request, context.transaction)
    }

    func cancelAct(_ command: ActCancel, _ context: HandlerContext) async throws {
        guard let act = try await ActRecord.load(command.actId, lock: false, in: context.transaction) else {
            throw ServiceProblem(.notFound, code: "actNotFound", field: "actId", rule: "an act of the service", "no act \(command.actId)")
        }
        let actor = try Self.actor(command.requestedBy.userId, body: act.siren, context)
        try await ActCancellation(settings: self.settings).cancel(
            actId: command.actId, reason: command.reason, requestedBy: actor, context.transaction)
    }

    func submitPes(_ command: PesSubmit, _ context: HandlerContext) async throws {
        let actor = try Self.actor(command.requestedBy.userId, body: String(command.idColl.prefix(9)), context)
        let content = try self.reader.read(
            uri: command.file.uri, sha256: command.file.sha256, sizeBytes: command.file.sizeBytes, field: "file")
        try await PesIntake(settings: self.settings).submit(
            .init(
                pesId: command.pesId, origin: Origin(service: .portal, reference: command.pesId), nomFic: command.nomFic,
                codCol: command.codCol, codBud: command.codBud, idPost: command.idPost, idColl: command.idColl,
                fileName: command.file.fileName, content: content, signed: command.signed, requestedBy: actor),
            context.transaction)
    }

    /// The audit name of whoever acts, or the refusal.
    static func actor(_ userId: String, body siren: String, _ context: HandlerContext) throws -> String {
        if let actor = context.actor {
            guard actor.subject == userId else {
                throw ServiceProblem(
                    .forbidden, code: "actorMismatch", field: "requestedBy.userId", rule: "requestedBy.userId is the actor token's subject",
                    "the command names someone else")
            }
            guard actor.actsFor(body: siren) else {
                throw ServiceProblem(
                    .forbidden, code: "notAnAgent", field: "authority.siren", rule: "the actor is an agent of the authority, or an operator",
                    "the actor does not work for \(siren)")
            }
            return actor.subject
        }
        guard context.senderIsOperator, let sender = context.sender else {
            throw ServiceProblem(
                .unauthorized, code: "actorTokenRequired", field: ActorToken.header,
                rule: "a command made for a person carries that person's token", "no actor token")
        }
        return "operator \(sender) for \(userId)"
    }
}
