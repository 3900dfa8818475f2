import Identity
import Messaging

/// Who may send what to a service, checked before every handler, just inside the service's refusal
/// middleware (which turns a refusal into its `…command.rejected` event and audit row, and parks a refused
/// event) and before its other middleware (which then see ``HandlerContext/actor``):
///
/// - every message carries its publisher's validated broker user (`user_id`); one without it is refused;
/// - an event of another context comes from that context's service user (or an operator replaying it);
/// - a message of the service's own context (a command, its own timers) comes from the service itself or an
///   operator;
/// - besides, any context whose contract has a send operation for the type (`documents` and `desk` send
///   `notifications.notice.request.v1`), or that the service declared with ``ServiceHandlers/accept(_:from:)``;
/// - an actor token, when present, must verify; the handler then reads the person from
///   ``HandlerContext/actor``.
struct MessageAuthorization: Sendable {
    let ownContext: String
    let ownUser: String
    /// The broker user of each context of the topology.
    let users: [String: String]
    let operators: Set<String>
    /// Message type → further contexts allowed to send it: the contracts' senders and the declared ones.
    let declared: [String: Set<String>]
    let verifier: TokenVerifier?

    /// Throws the refusal ``resolve(_:)`` found, if any; placed just inside the service's refusal middleware.
    static var middleware: HandlerMiddleware {
        HandlerMiddleware("sender authorization") { _, context, next in
            if let refusal = context.identityRefusal { throw refusal }
            try await next(context)
        }
    }

    /// Finds who sent the message and for whom, before any middleware runs, so that every middleware (the
    /// refusal's audit included) sees the verified identities; a refusal is kept for ``middleware`` to throw.
    func resolve(_ context: inout HandlerContext) async {
        do {
            try await self.admit(&context)
        } catch let problem as ServiceProblem {
            context.identityRefusal = problem
        } catch {
            context.identityRefusal = ServiceProblem(.internal, "the sender could not be checked")
        }
    }

    private func admit(_ context: inout HandlerContext) async throws {
        let type = context.event.type
        guard let sender = context.sender else {
            throw ServiceProblem(
                .unauthorized, code: "unauthenticatedSender", field: "user_id",
                rule: "a message carries its publisher's broker-validated user_id", "\(type) came without a validated sender")
        }
        let typeContext = String(type.prefix { $0 != "." })
        let isOperator = self.operators.contains(sender)
        context.senderIsOperator = isOperator
        let declared = (self.declared[type] ?? []).contains { self.users[$0] == sender }
        let allowed: Bool
        if typeContext == self.ownContext {
            allowed = sender == self.ownUser || isOperator || declared
        } else {
            allowed = sender == self.users[typeContext] || isOperator || declared
        }
        guard allowed else {
            throw ServiceProblem(
                .forbidden, code: "senderNotAllowed", field: "user_id",
                rule: "\(type) is sent by \(self.expectedSenders(of: type, context: typeContext))",
                "broker user \(sender) may not send \(type)")
        }
        guard let token = context.actorToken else { return }
        guard let verifier = self.verifier else {
            throw ServiceProblem(
                .unauthorized, code: "invalidActorToken", field: ActorToken.header, rule: "a verified token",
                "this service has no identity provider configured")
        }
        do {
            context.actor = try await verifier.verify(token)
        } catch {
            throw ServiceProblem(
                .unauthorized, code: "invalidActorToken", field: ActorToken.header,
                rule: "a token signed by the platform's identity provider", error.message)
        }
    }

    private func expectedSenders(of type: String, context: String) -> String {
        var names = context == self.ownContext ? [self.ownUser] : [self.users[context] ?? "the \(context) service"]
        names += (self.declared[type] ?? []).sorted().compactMap { self.users[$0] }
        names.append("an operator")
        return names.joined(separator: ", ")
    }
}
