extension PostgresConnection {
    /// Bulk-inserts rows with `COPY … FROM STDIN` in text format.
    ///
    /// ```swift
    /// let inserted = try await connection.copyIn(
    ///     table: "contacts", columns: ["id", "name", "note"],
    ///     rows: contacts.map { [$0.id, $0.name, $0.note] })
    /// ```
    ///
    /// Values are encoded in their text input syntax and escaped for `COPY` (see ``PostgresEncodable``); `nil`
    /// is SQL `NULL`. The data is streamed in chunks of about 1 MiB, so `rows` may be a lazy sequence.
    ///
    /// - Parameters:
    ///   - schema: The table's schema, or `nil` to follow `search_path`.
    ///   - table: The table name (quoted, so it is case-sensitive).
    ///   - columns: The column names, in the order of each row's values.
    ///   - rows: The rows; each must have one value per column.
    /// - Returns: The number of rows inserted.
    /// - Throws: ``PostgresError``: ``PostgresError/Code/invalidIdentifier``, ``PostgresError/Code/invalidBind``
    ///   (the `COPY` is then aborted and nothing is inserted), ``PostgresError/Code/queryFailed`` (for example a
    ///   constraint violation) or ``PostgresError/Code/connectionClosed``.
    public func copyIn<Rows: Sequence>(
        schema: String? = nil,
        table: String,
        columns: [String],
        rows: Rows
    ) async throws(PostgresError) -> Int where Rows.Element == [(any PostgresEncodable)?] {
        var target = try PostgresIdentifier(table).quoted
        if let schema {
            target = try PostgresIdentifier(schema).quoted + "." + target
        }
        var columnList: [String] = []
        for column in columns {
            columnList.append(try PostgresIdentifier(column).quoted)
        }
        let sql = "COPY \(target) (\(columnList.joined(separator: ", "))) FROM STDIN"
        _ = try await self.perform("copy", cancellable: true) { connection in
            connection.beginCopy(sql)
        }
        var encoder = PostgresCopyEncoder(columnCount: columns.count)
        do throws(PostgresError) {
            for row in rows {
                try encoder.append(row)
                if encoder.buffer.count >= 1 << 20 {
                    try await self.sendCopyChunk(encoder.takeBuffer())
                }
                if Task.isCancelled {
                    throw PostgresError(.cancelled, operation: "copy", message: "")
                }
            }
            if !encoder.buffer.isEmpty {
                try await self.sendCopyChunk(encoder.takeBuffer())
            }
        } catch {
            let reason = "aborted by the client: \(error.code)"
            _ = try? await self.perform("copy", cancellable: false) { connection in
                connection.endCopy(abortReason: reason)
            }
            throw error
        }
        return try await self.perform("copy", cancellable: false) { connection in
            connection.endCopy(abortReason: nil)
        }
    }

    private func sendCopyChunk(_ chunk: [UInt8]) async throws(PostgresError) {
        try await self.perform("copy", cancellable: false) { connection in
            connection.putCopyData(chunk)
        }
    }
}
