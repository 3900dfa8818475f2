public import ContractMessaging
import Messaging

/// The handlers of a service, by contract message type.
///
/// ```swift
/// var handlers = ServiceHandlers()
/// handlers.on(TenderPublished.self) { tender, context in
///     try await context.transaction.execute("INSERT INTO alerts …")
///     try await context.transaction.publish(AlertQueued(…))
/// }
/// ```
public struct ServiceHandlers: Sendable {
    struct Entry: Sendable {
        /// Validates the event's data against the contract and decodes it.
        let decode: @Sendable (MessageCatalog, CloudEvent) throws -> any Sendable
        /// Runs the handler on a decoded message.
        let handle: @Sendable (any Sendable, HandlerContext) async throws -> Void
    }

    private(set) var entries: [String: Entry] = [:]

    /// No handlers yet.
    public init() {}

    /// Registers the handler of a message type. Registering a type twice replaces the first handler.
    ///
    /// - Parameters:
    ///   - type: The contract message type.
    ///   - handler: Runs in the inbox transaction: its effects and the messages it publishes commit together,
    ///     once per message id. Throw a ``TransientFailure`` to have the message retried; any other error
    ///     parks it.
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

    /// The message types with a handler.
    public var messageTypes: [String] { self.entries.keys.sorted() }
}
