import Logging

extension PostgresConnection {
    /// Runs `body` in a transaction: it commits when `body` returns and rolls back when it throws.
    ///
    /// ```swift
    /// try await connection.withTransaction(isolation: .serializable, retry: .onSerializationFailure()) { tx in
    ///     try await tx.execute("UPDATE accounts SET balance = balance - \(amount) WHERE id = \(from)")
    ///     try await tx.execute("UPDATE accounts SET balance = balance + \(amount) WHERE id = \(to)")
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - isolation: The isolation level. Default `READ COMMITTED`.
    ///   - retry: Whether to re-run the body after a serialization failure or deadlock. Default never.
    ///   - settings: Parameters set for this transaction only, sent with `BEGIN` in the same round trip.
    ///   - actor: The caller's isolation, inherited automatically; `body` runs on it.
    ///   - body: The work; it receives the transaction and may run any number of statements.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw (after the rollback), or ``PostgresError`` when `BEGIN` or `COMMIT` fails;
    ///   ``PostgresError/Code/transactionAborted`` when `COMMIT` rolled back because a statement had failed
    ///   and `body` caught that error.
    public func withTransaction<Result>(
        isolation: PostgresIsolationLevel = .readCommitted,
        retry: PostgresTransactionRetry = .never,
        settings: [PostgresLocalSetting] = [],
        actor: isolated (any Actor)? = #isolation,
        _ body: (PostgresTransaction) async throws -> sending Result
    ) async throws -> sending Result {
        var attempt = 1
        while true {
            do {
                return try await self.runTransaction(isolation: isolation, settings: settings, attempt: attempt, body)
            } catch {
                guard retry.shouldRetry(error, afterAttempt: attempt), self.isUsable else {
                    throw error
                }
                let sqlState = (error as? PostgresError)?.sqlState?.rawValue ?? ""
                self.logger.debug(
                    "Transaction failed with a transient error, running it again",
                    metadata: [LogKey.attempt: "\(attempt)", LogKey.sqlState: "\(sqlState)"])
                try await Task.sleep(for: retry.delay(afterAttempt: attempt))
                attempt += 1
            }
        }
    }

    private func runTransaction<Result>(
        isolation: PostgresIsolationLevel,
        settings: [PostgresLocalSetting],
        attempt: Int,
        actor: isolated (any Actor)? = #isolation,
        _ body: (PostgresTransaction) async throws -> sending Result
    ) async throws -> sending Result {
        if settings.isEmpty {
            try await self.execute(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation)"))
        } else {
            // One simple-protocol message: BEGIN and the settings in a single round trip.
            let script = (["BEGIN ISOLATION LEVEL \(isolation)"] + settings.map(\.statement)).joined(separator: "; ")
            do {
                try await self.executeScript(script)
            } catch {
                await self.rollbackIfNeeded()
                throw error
            }
        }
        let result: Result
        do {
            result = try await body(PostgresTransaction(connection: self, attempt: attempt))
        } catch {
            await self.rollbackIfNeeded()
            throw error
        }
        let commit: PostgresRows
        do {
            commit = try await self.perform("commit", cancellable: false) { connection in
                connection.execute("COMMIT", binds: PostgresBindings())
            }
        } catch {
            await self.rollbackIfNeeded()
            throw error
        }
        guard commit.commandTag == "COMMIT" else {
            throw PostgresError(
                .transactionAborted, operation: "commit",
                message: "COMMIT rolled back: a statement in the transaction had failed")
        }
        return result
    }

    /// Rolls back if the session is still inside a transaction. Not cancellable: it runs during unwinding.
    private func rollbackIfNeeded() async {
        guard self.transactionState == .inTransaction || self.transactionState == .failedTransaction else { return }
        _ = try? await self.perform("rollback", cancellable: false) { connection in
            connection.execute("ROLLBACK", binds: PostgresBindings())
        }
    }
}
