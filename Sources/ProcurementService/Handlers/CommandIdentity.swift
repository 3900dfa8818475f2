import Foundation
import Identity
import ProcurementContracts
import ServiceRuntime
import Storage

/// Who a procurement command acts for, from verified identities only (the runtime already checked that the
/// broker user may send commands, and verified the actor token when there is one):
///
/// - with an actor token, the token is the person: `requestedBy.userId` must be its subject; a buyer's
///   command needs an agent of the buyer's SIREN (the claimed `requestedBy.siret` and the tender's buyer);
///   a company's command needs the company's own SIRET; an opening needs the claimed role among the token's
///   roles, on the buyer's tender;
/// - without one, an operator's command acts with operator authority, except a company's command (a
///   deposit or a question is the company's own act) and an opening (the opener role is a person's);
/// - any other sender without a token is refused.
///
/// Refusals are ``ServiceProblem``s: the command's refusal middleware records the audit row and
/// `procurement.command.rejected.v1`.
enum CommandIdentity {
    enum Party {
        case buyer
        case company
        case opener
    }

    static func middleware() -> HandlerMiddleware {
        HandlerMiddleware("command identity") { message, context, next in
            if let command = message as? any ProcurementCommand {
                try await Self.check(command, context)
            }
            try await next(context)
        }
    }

    static func check(_ command: any ProcurementCommand, _ context: HandlerContext) async throws {
        let party = type(of: command).party
        guard let actor = context.actor else {
            guard context.senderIsOperator else {
                throw ServiceProblem(
                    .unauthorized, code: "actorTokenRequired", field: ActorToken.header,
                    rule: "a command made for a person carries that person's token", "no actor token")
            }
            switch party {
            case .buyer: return
            case .company:
                throw ServiceProblem(
                    .forbidden, code: "companyTokenRequired", field: ActorToken.header,
                    rule: "a company's deposit or question carries the company's token", "an operator cannot act for a company")
            case .opener:
                throw ServiceProblem(
                    .forbidden, code: "roleNotVerified", field: "requestedBy.role",
                    rule: "the opener role comes from a verified actor token", "no verified opener")
            }
        }
        guard command.actor == actor.subject else {
            throw ServiceProblem(
                .forbidden, code: "actorMismatch", field: "requestedBy.userId",
                rule: "requestedBy.userId is the actor token's subject", "the command names someone else")
        }
        let buyer = try await Self.buyerSiret(of: command.tenderId, context.transaction)
        switch party {
        case .company:
            guard let siret = command.requesterSiret, actor.isCompany(siret: siret) else {
                throw ServiceProblem(
                    .forbidden, code: "notTheCompany", field: "requestedBy.siret",
                    rule: "requestedBy.siret is the actor token's SIRET", "a company acts only for itself")
            }
        case .buyer:
            guard command.requesterSiret.map({ actor.actsFor(body: $0) }) ?? true, buyer.map({ actor.actsFor(body: $0) }) ?? true
            else {
                throw ServiceProblem(
                    .forbidden, code: "notTheBuyer", field: "requestedBy.siret",
                    rule: "the actor is an agent of the buyer's SIREN", "the actor does not work for this buyer")
            }
        case .opener:
            guard let open = command as? BidsOpen, actor.roles.contains(open.requestedBy.role.rawValue) || actor.isOperator
            else {
                throw ServiceProblem(
                    .forbidden, code: "roleNotVerified", field: "requestedBy.role",
                    rule: "requestedBy.role is one of the actor token's roles", "the token does not give this role")
            }
            guard buyer.map({ actor.actsFor(body: $0) }) ?? true else {
                throw ServiceProblem(
                    .forbidden, code: "notTheBuyer", field: "tenderId",
                    rule: "the opener is an agent of the buyer's SIREN", "the actor does not work for this buyer")
            }
        }
    }

    /// The name the audit keeps: the verified subject, the operator's broker user, or the body's claim marked
    /// as such.
    static func auditName(_ command: any ProcurementCommand, _ context: HandlerContext) -> String {
        if let actor = context.actor { return actor.subject }
        if context.senderIsOperator, let sender = context.sender { return "operator \(sender) for \(command.actor)" }
        return "unverified \(command.actor) via \(context.sender ?? "no sender")"
    }

    private static func buyerSiret(of tender: String, _ transaction: ServiceTransaction) async throws -> String? {
        guard UUID(uuidString: tender) != nil else { return nil }
        let rows = try await transaction.query("SELECT buyer_siret FROM tenders WHERE tender_id = \(tender)::uuid")
        return try rows.first?.decode(String.self, at: 0)
    }
}
