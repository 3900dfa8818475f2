import ContractTypes
import DeskContracts
import DeskDomain
import Foundation
import Identity
import ServiceRuntime

/// The desk's commands. Who acts comes from verified identities only: the actor token the command carries, or,
/// without one, the broker's validated user. A submission without a token is an anonymous one (its e-mail must be
/// confirmed); the other commands act for a person and need that person's token, or an operator's broker user.
struct CommandHandlers: Sendable {
    let settings: DeskSettings
    let catalogue: Catalogue
    let funders: Funders

    func submit(_ command: ApplicationSubmit, _ context: HandlerContext) async throws {
        let submitter: SolicitationIntake.Submitter =
            if let actor = context.actor { .caller(actor) } else { .broker(context.sender ?? "unknown") }
        let draft = SolicitationDraft(
            landingSubjectId: command.landingSubjectId, description: command.description, fullName: command.fullName,
            email: command.email, phone: command.phone, siret: command.siret,
            requestedHelpAmountCents: command.requestedHelpAmountCents.map { Int64($0) }, communeInsee: command.communeInsee,
            regionCode: command.regionCode, formInfo: (command.formInfo ?? [:]).compactMapValues(FormValue.init(contract:)))
        _ = try await SolicitationIntake(settings: self.settings, catalogue: self.catalogue).submit(
            applicationId: command.applicationId, draft: draft, by: submitter, in: context.transaction)
    }

    func updateMatch(_ command: MatchUpdate, _ context: HandlerContext) async throws {
        let caller = try Self.actor(command.requestedBy.userId, context)
        guard let status = MatchStatus(rawValue: command.status.rawValue) else { return }
        try await MatchActions(settings: self.settings, catalogue: self.catalogue).move(
            command.matchId, to: status, comment: command.comment, by: caller, context.transaction)
    }

    func requestCorrection(_ command: ApplicationRequestCorrection, _ context: HandlerContext) async throws {
        let caller = try Self.actor(command.requestedBy.userId, context)
        _ = try await Dossiers(settings: self.settings, funders: self.funders).requestCorrection(
            command.applicationId, items: command.items.map { .init(field: $0.field, message: $0.message) }, respondBy: command.respondBy,
            by: caller, context.transaction)
    }

    func decide(_ command: AidDecide, _ context: HandlerContext) async throws {
        let caller = try Self.actor(command.requestedBy.userId, context)
        let input = AidDecisions.Input(
            outcome: DossierState(rawValue: command.outcome.rawValue) ?? .sansSuite,
            aid: command.aid.map {
                .init(aidForm: AidForm(rawValue: $0.aidForm.rawValue) ?? .subsidy, amountCents: Int64($0.amountCents), votedAt: $0.votedAt, decisionBody: $0.decisionBody)
            },
            deliberation: command.deliberation.map {
                .init(numeroInterne: $0.numeroInterne, matter: $0.matter.rawValue, object: $0.object, document: $0.document)
            },
            motivation: command.motivation)
        _ = try await AidDecisions(settings: self.settings, funders: self.funders).decide(
            command.applicationId, input, by: caller, context.transaction)
    }

    static func actor(_ userId: String, _ context: HandlerContext) throws -> Caller {
        try context.caller(actingFor: userId)
    }
}

extension FormValue {
    init?(contract value: ContractScalar) {
        switch value {
        case .string(let text): self = .string(text)
        case .integer(let number): self = .integer(Int64(number))
        case .number(let number): self = .decimal(number)
        case .bool(let flag): self = .bool(flag)
        }
    }
}
