public import Identity

extension HandlerContext {
    /// The person a command acts for (`requestedBy.userId`): the actor token it carries, whose subject must be that
    /// user, or an operator's broker user acting for them. Never the message body's word alone.
    ///
    /// - Throws: ``ServiceProblem`` `forbidden` (`actorMismatch`) when the token names someone else, `unauthorized`
    ///   (`actorTokenRequired`) without a token from a sender that is not an operator.
    public func caller(actingFor userId: String) throws -> Caller {
        if let actor = self.actor {
            guard actor.subject == userId else {
                throw ServiceProblem(
                    .forbidden, code: "actorMismatch", field: "requestedBy.userId", rule: "requestedBy.userId is the actor token's subject",
                    "the command names someone else")
            }
            return actor
        }
        guard self.senderIsOperator, let sender = self.sender else {
            throw ServiceProblem(
                .unauthorized, code: "actorTokenRequired", field: ActorToken.header,
                rule: "a command made for a person carries that person's token", "no actor token")
        }
        return Caller(subject: "operator \(sender) for \(userId)", roles: [Caller.Role.operator])
    }
}
