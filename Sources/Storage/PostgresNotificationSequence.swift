/// The notifications of one channel, as an `AsyncSequence`; see ``PostgresClient/listen(channel:)``.
///
/// The sequence owns a dedicated connection. It stops listening and closes that connection when iteration
/// ends (the consuming task is cancelled or breaks out of the loop) or when the sequence and its iterator are
/// released. It finishes normally when the client closes.
public struct PostgresNotificationSequence: AsyncSequence, Sendable {
    /// A notification.
    public typealias Element = PostgresNotification
    /// Iteration never fails today; the type leaves room for it.
    public typealias Failure = any Error

    let stream: AsyncThrowingStream<PostgresNotification, any Error>
    let lifetime: PostgresListenerLifetime

    /// Creates the iterator.
    ///
    /// - Returns: An iterator over the notifications.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: self.stream.makeAsyncIterator(), lifetime: self.lifetime)
    }

    /// Iterates the notifications. Deliberately not `Sendable`: one task consumes it.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<PostgresNotification, any Error>.Iterator
        let lifetime: PostgresListenerLifetime

        /// The next notification, or `nil` when listening ended.
        ///
        /// - Returns: The notification.
        /// - Throws: Never today.
        public mutating func next() async throws -> PostgresNotification? {
            try await self.base.next()
        }

        /// The next notification, or `nil` when listening ended, staying on the caller's isolation.
        ///
        /// - Parameter actor: The caller's isolation.
        /// - Returns: The notification.
        /// - Throws: Never today.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> PostgresNotification? {
            try await self.base.next(isolation: actor)
        }
    }
}

/// Stops the listener when the last sequence or iterator holding it goes away.
final class PostgresListenerLifetime: Sendable {
    let listener: PostgresListener

    init(_ listener: PostgresListener) {
        self.listener = listener
    }

    deinit {
        self.listener.stop()
    }
}
