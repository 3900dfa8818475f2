import Synchronization

extension PostgresClient {
    /// Listens on a channel and returns its notifications as they arrive.
    ///
    /// ```swift
    /// for try await notification in try await client.listen(channel: "outbox") {
    ///     try await relay.relayPendingRows()
    /// }
    /// ```
    ///
    /// Each sequence uses its own connection, outside the pool's size. It returns once `LISTEN` is active, so
    /// a `NOTIFY` committed after this call is delivered. If the connection is lost (for example its backend
    /// is terminated) the listener reconnects with back-off and listens again; notifications sent in between
    /// are lost, so treat them as wake-up hints.
    ///
    /// - Parameter channel: The channel name (case-sensitive, at most 63 bytes).
    /// - Returns: The notifications.
    /// - Throws: ``PostgresError``: ``PostgresError/Code/invalidIdentifier``, ``PostgresError/Code/poolClosed`` or
    ///   a connection failure of the first attempt.
    public func listen(channel: String) async throws -> PostgresNotificationSequence {
        _ = try PostgresIdentifier(channel)
        let (stream, continuation) = AsyncThrowingStream<PostgresNotification, any Error>.makeStream()
        let listenerID = self.state.withLock { state in
            defer { state.nextListenerID += 1 }
            return state.nextListenerID
        }
        let listener = PostgresListener(
            configuration: self.configuration, channel: channel, logger: self.logger, continuation: continuation,
            onFinish: { [weak self] in self?.removeListener(listenerID) })
        let registered = self.state.withLock { state in
            guard !state.pool.isClosed else { return false }
            state.listeners[listenerID] = listener
            return true
        }
        guard registered else {
            throw Self.closedError()
        }
        continuation.onTermination = { _ in listener.stop() }
        try await listener.start()
        return PostgresNotificationSequence(stream: stream, lifetime: PostgresListenerLifetime(listener))
    }

    /// Sends a notification with `pg_notify`, outside any transaction.
    ///
    /// Inside a transaction use `tx.execute("SELECT pg_notify(\(channel), \(payload))")`: the notification is then
    /// delivered only if the transaction commits.
    ///
    /// - Parameters:
    ///   - channel: The channel name.
    ///   - payload: The payload, shorter than 8000 bytes. Default empty.
    /// - Throws: ``PostgresError`` or `CancellationError`.
    public func notify(channel: String, payload: String = "") async throws {
        try await self.execute("SELECT pg_notify(\(channel), \(payload))")
    }

    private func removeListener(_ listenerID: Int) {
        _ = self.state.withLock { $0.listeners.removeValue(forKey: listenerID) }
    }
}
