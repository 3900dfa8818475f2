import Logging
import Messaging
import Storage

/// Code that runs around handlers, for what every handler of a service needs: turning a business refusal
/// into its `<context>.command.rejected` event, authorising a command, timing.
///
/// A middleware sees the decoded message (test its type with `as?`), the context, and `next`, which runs
/// the rest of the chain and the handler. It may act before and after `next`, catch what it throws, or not
/// call it at all (the message is then handled, with no effect but the middleware's own). It runs inside
/// the handler's transaction: what it writes and publishes commits or rolls back with the handler's work.
///
/// ```swift
/// handlers.use(HandlerMiddleware("audit") { message, context, next in
///     try await next(context)
///     if message is any AuditedCommand { try await context.transaction.execute("INSERT INTO audit …") }
/// })
/// ```
public struct HandlerMiddleware: Sendable {
    public typealias Next = @Sendable (HandlerContext) async throws -> Void

    /// Shown in logs.
    public var name: String
    let body: @Sendable (_ message: any Sendable, _ context: HandlerContext, _ next: Next) async throws -> Void

    public init(
        _ name: String,
        _ body: @escaping @Sendable (_ message: any Sendable, _ context: HandlerContext, _ next: Next) async throws -> Void
    ) {
        self.name = name
        self.body = body
    }

    /// Logs each handler's duration at debug level, with the message type.
    public static var timing: HandlerMiddleware {
        HandlerMiddleware("timing") { _, context, next in
            let start = ContinuousClock.now
            try await next(context)
            let elapsed = ContinuousClock.now - start
            context.logger.debug("handled", metadata: ["handler.ms": "\(elapsed.secondsAsDouble * 1000)"])
        }
    }
}

extension HandlerMiddleware {
    static let refusalsName = "refusals"

    /// Turns business refusals into answers: the handler runs inside a savepoint, and when it throws a
    /// ``ServiceProblem`` its writes and publishes are rolled back to the savepoint and `rejected` runs
    /// instead (typically: an audit row and the context's `<context>.command.rejected` event). The message
    /// is then acknowledged, not retried or parked: it was understood and refused. Any other error passes
    /// through to the retry ladder; an error thrown by `rejected` does too.
    public static func refusals(
        _ rejected: @escaping @Sendable (_ problem: ServiceProblem, _ message: any Sendable, _ context: HandlerContext) async throws
            -> Void
    ) -> HandlerMiddleware {
        HandlerMiddleware(Self.refusalsName) { message, context, next in
            let transaction = context.transaction
            try await transaction.execute("SAVEPOINT passerelle_refusal")
            do {
                try await next(context)
                try await transaction.execute("RELEASE SAVEPOINT passerelle_refusal")
            } catch let problem as ServiceProblem {
                try await transaction.execute("ROLLBACK TO SAVEPOINT passerelle_refusal")
                context.logger.notice("refused", metadata: ["code": "\(problem.code)", "rule": "\(problem.rule ?? "")"])
                try await rejected(problem, message, context)
            }
        }
    }
}

extension HandlerMiddleware {
    /// Asks `rule` before each handler whether the message may be handled; when it answers no, the handler
    /// does not run and a `forbidden` ``ServiceProblem`` is thrown, which ``refusals(_:)`` (added before this
    /// one) turns into a recorded refusal. The rule sees the decoded message and its envelope
    /// (`context.event`: source, type, subject); it may also throw its own problem to say why.
    public static func authorization(
        _ rule: @escaping @Sendable (_ message: any Sendable, _ context: HandlerContext) throws -> Bool
    ) -> HandlerMiddleware {
        HandlerMiddleware("authorization") { message, context, next in
            guard try rule(message, context) else {
                throw ServiceProblem(
                    .forbidden, code: "forbidden", rule: "authorization",
                    "\(context.event.source) may not send \(context.event.type)")
            }
            try await next(context)
        }
    }
}
