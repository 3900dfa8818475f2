extension AMQPConnection {
    /// Declares an exchange, or with `passive` checks that it exists.
    ///
    /// - Parameters:
    ///   - exchange: The exchange.
    ///   - passive: Only check; fail with 404 if it does not exist.
    /// - Throws: ``AMQPError``; ``AMQPError/Code/channelClosed`` with 406 when it exists with other settings,
    ///   or 404 for a passive declare of a missing exchange. The connection stays usable.
    public func declareExchange(_ exchange: AMQPExchangeSpec, passive: Bool = false) async throws {
        try await self.perform("exchange.declare") { driver in
            driver.admin { raw, channel throws(AMQPError) in try raw.declareExchange(channel, exchange, passive: passive) }
        }
    }

    /// Deletes an exchange.
    ///
    /// - Parameters:
    ///   - name: The exchange.
    ///   - ifUnused: Only if it has no bindings.
    /// - Throws: ``AMQPError``.
    public func deleteExchange(_ name: String, ifUnused: Bool = false) async throws {
        try await self.perform("exchange.delete") { driver in
            driver.admin { raw, channel throws(AMQPError) in try raw.deleteExchange(channel, name: name, ifUnused: ifUnused) }
        }
    }

    /// Declares a queue, or with `passive` checks that it exists and reads its counts.
    ///
    /// - Parameters:
    ///   - queue: The queue, with its arguments (`x-queue-type`, `x-dead-letter-exchange`, …).
    ///   - passive: Only check; fail with 404 if it does not exist.
    /// - Returns: The queue's name and counts.
    /// - Throws: ``AMQPError``; ``AMQPError/Code/channelClosed`` with 406 `PRECONDITION_FAILED` when the
    ///   queue exists with different arguments, or 404 for a passive declare of a missing queue.
    @discardableResult
    public func declareQueue(_ queue: AMQPQueueSpec, passive: Bool = false) async throws -> AMQPQueueInfo {
        try await self.perform("queue.declare") { driver in
            driver.admin { raw, channel throws(AMQPError) in try raw.declareQueue(channel, queue, passive: passive) }
        }
    }

    /// Deletes a queue.
    ///
    /// - Parameters:
    ///   - name: The queue.
    ///   - ifUnused: Only if it has no consumers.
    ///   - ifEmpty: Only if it holds no messages.
    /// - Returns: How many messages were deleted with it.
    /// - Throws: ``AMQPError``.
    @discardableResult
    public func deleteQueue(_ name: String, ifUnused: Bool = false, ifEmpty: Bool = false) async throws -> Int {
        try await self.perform("queue.delete") { driver in
            driver.admin { raw, channel throws(AMQPError) in
                try raw.deleteQueue(channel, name: name, ifUnused: ifUnused, ifEmpty: ifEmpty)
            }
        }
    }

    /// Removes the ready messages of a queue.
    ///
    /// - Parameter name: The queue.
    /// - Returns: How many messages were removed.
    /// - Throws: ``AMQPError``.
    @discardableResult
    public func purgeQueue(_ name: String) async throws -> Int {
        try await self.perform("queue.purge") { driver in
            driver.admin { raw, channel throws(AMQPError) in try raw.purgeQueue(channel, name: name) }
        }
    }

    /// Binds a queue to an exchange.
    ///
    /// - Parameter binding: Source exchange, destination queue, binding key.
    /// - Throws: ``AMQPError``.
    public func bindQueue(_ binding: AMQPBinding) async throws {
        try await self.perform("queue.bind") { driver in
            driver.admin { raw, channel throws(AMQPError) in try raw.bind(channel, binding, target: .queue, bind: true) }
        }
    }

    /// Removes a queue binding.
    ///
    /// - Parameter binding: The binding to remove.
    /// - Throws: ``AMQPError``.
    public func unbindQueue(_ binding: AMQPBinding) async throws {
        try await self.perform("queue.unbind") { driver in
            driver.admin { raw, channel throws(AMQPError) in try raw.bind(channel, binding, target: .queue, bind: false) }
        }
    }

    /// Binds an exchange to another exchange.
    ///
    /// - Parameter binding: Source exchange, destination exchange, binding key.
    /// - Throws: ``AMQPError``.
    public func bindExchange(_ binding: AMQPBinding) async throws {
        try await self.perform("exchange.bind") { driver in
            driver.admin { raw, channel throws(AMQPError) in try raw.bind(channel, binding, target: .exchange, bind: true) }
        }
    }

    /// Removes an exchange-to-exchange binding.
    ///
    /// - Parameter binding: The binding to remove.
    /// - Throws: ``AMQPError``.
    public func unbindExchange(_ binding: AMQPBinding) async throws {
        try await self.perform("exchange.unbind") { driver in
            driver.admin { raw, channel throws(AMQPError) in try raw.bind(channel, binding, target: .exchange, bind: false) }
        }
    }
}
