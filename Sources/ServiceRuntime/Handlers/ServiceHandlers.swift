public import ContractMessaging
import JSONSchema
import Messaging

/// The handlers of a service, by contract message type, and the middleware around them.
///
/// ```swift
/// var handlers = ServiceHandlers()
/// handlers.use(.timing)                                 // around every handler
/// handlers.on(TenderPublished.self) { tender, context in
///     try await context.transaction.execute("INSERT INTO alerts …")
///     try await context.transaction.publish(AlertQueued(…))
/// }
/// handlers.onEvery(receivedFrom: ["documents", "desk"]) { context in … }   // the rest of those contexts
/// ```
public struct ServiceHandlers: Sendable {
    struct Entry: Sendable {
        /// Validates the event's data against the contract and decodes it.
        let decode: @Sendable (MessageCatalog, CloudEvent) throws -> any Sendable
        /// Runs the handler on a decoded message.
        let handle: @Sendable (any Sendable, HandlerContext) async throws -> Void
    }

    /// A registration for whatever a service receives from some contexts and handles no other way.
    struct CatchAll: Sendable {
        let contexts: Set<String>
        let handler: @Sendable (HandlerContext) async throws -> Void
    }

    private(set) var entries: [String: Entry] = [:]
    private(set) var catchAlls: [CatchAll] = []
    private(set) var middleware: [HandlerMiddleware] = []
    private(set) var senders: [String: Set<String>] = [:]
    private(set) var authorization: MessageAuthorization?

    /// No handlers yet.
    public init() {}

    /// Registers the handler of a message type. Registering a type twice replaces the first handler.
    ///
    /// - Parameters:
    ///   - type: The contract message type.
    ///   - handler: Runs in the inbox transaction: its effects and the messages it publishes commit together,
    ///     once per message id. Throw a ``TransientFailure`` to have the message retried; any other error
    ///     parks it (unless a middleware turns it into something else, such as a command refusal).
    public mutating func on<Message: ContractMessage>(
        _ type: Message.Type,
        _ handler: @escaping @Sendable (Message, HandlerContext) async throws -> Void
    ) {
        self.entries[Message.messageType] = Entry(
            decode: { catalog, event in
                try catalog.decode(Message.self, event: event)
            },
            handle: { message, context in
                // `decode` of this same entry produced the value, so the cast cannot fail.
                try await handler(message as! Message, context)
            })
    }

    /// Registers one handler for every message type the service receives (per its contracts) from these
    /// contexts and has no handler of its own for, such as the events a service keeps for later.
    ///
    /// The payload is validated against its contract like any other; the handler reads it from
    /// `context.event.data`. A type registered with ``on(_:_:)`` keeps its own handler.
    public mutating func onEvery(
        receivedFrom contexts: Set<String>, _ handler: @escaping @Sendable (HandlerContext) async throws -> Void
    ) {
        self.catchAlls.append(CatchAll(contexts: contexts, handler: handler))
    }

    /// Puts a middleware around every handler; the first one added is the outermost.
    public mutating func use(_ middleware: HandlerMiddleware) {
        self.middleware.append(middleware)
    }

    /// Lets services of other contexts send a message type of this service's own context (a command), besides
    /// the service itself and the operators. Without it, such a message from another service is refused.
    ///
    /// - Parameters:
    ///   - type: The message type.
    ///   - contexts: The contexts whose service users may send it (`["desk"]`).
    public mutating func accept<Message: ContractMessage>(_ type: Message.Type, from contexts: Set<String>) {
        self.senders[Message.messageType, default: []].formUnion(contexts)
    }

    /// Puts the runtime's sender check just inside the service's ``HandlerMiddleware/refusals(_:)`` (so a refused
    /// command is recorded as the service records its refusals) and before every other middleware (so they see
    /// the verified sender and actor); outermost when the service has no refusal middleware.
    mutating func authorize(with authorization: MessageAuthorization) {
        self.authorization = authorization
        let index = self.middleware.firstIndex { $0.name == HandlerMiddleware.refusalsName }.map { $0 + 1 } ?? 0
        self.middleware.insert(MessageAuthorization.middleware, at: index)
    }

    /// The message types with a handler of their own (not counting ``onEvery(receivedFrom:_:)``).
    public var messageTypes: [String] { self.entries.keys.sorted() }

    /// The handlers with the catch-all registrations resolved for the types the service receives: each
    /// received type without a handler whose context (`<context>.…`) a catch-all names gets that one.
    func resolved(receiving received: Set<String>) -> ServiceHandlers {
        var handlers = self
        for type in received.sorted() where handlers.entries[type] == nil {
            let context = String(type.prefix { $0 != "." })
            guard let catchAll = self.catchAlls.first(where: { $0.contexts.contains(context) }) else { continue }
            let handler = catchAll.handler
            handlers.entries[type] = Entry(
                decode: { catalog, event in
                    try catalog.validate(try JSONValue(parsing: event.data), as: event.type)
                    return event
                },
                handle: { _, context in try await handler(context) })
        }
        return handlers
    }

    /// Runs an entry's handler inside the middleware.
    func run(_ entry: Entry, message: any Sendable, context: HandlerContext) async throws {
        var context = context
        await self.authorization?.resolve(&context)
        var next: @Sendable (HandlerContext) async throws -> Void = { context in try await entry.handle(message, context) }
        for middleware in self.middleware.reversed() {
            let inner = next
            next = { context in try await middleware.body(message, context, inner) }
        }
        try await next(context)
    }
}
