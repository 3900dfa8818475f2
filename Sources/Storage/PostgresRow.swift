/// One row of a ``PostgresRows`` result.
///
/// Decode columns by index, by name, or all at once as a tuple:
///
/// ```swift
/// let id = try row.decode(UUID.self, at: 0)
/// let title = try row.decode(String?.self, column: "title")
/// let (count, total) = try row.decode((Int, Decimal).self)
/// ```
public struct PostgresRow: Sendable {
    let storage: PostgresRowStorage
    let row: Int

    /// The result's columns.
    public var columns: [PostgresColumn] { self.storage.columns }

    /// Decodes the column at `index`.
    ///
    /// - Parameters:
    ///   - type: The Swift type; make it optional when the column can be `NULL`.
    ///   - index: The column index, from 0.
    /// - Returns: The decoded value.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/columnNotFound``, ``PostgresError/Code/typeMismatch``,
    ///   ``PostgresError/Code/unexpectedNull`` or ``PostgresError/Code/malformedValue``, naming the column and
    ///   both types.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, at index: Int) throws(PostgresError) -> Value {
        guard self.storage.columns.indices.contains(index) else {
            var error = PostgresError(.columnNotFound, operation: "decode", message: "")
            error.columnIndex = index
            error.swiftType = String(describing: Value.self)
            throw error
        }
        let column = self.storage.columns[index]
        do {
            guard let bytes = self.storage.cell(row: self.row, column: index) else {
                return try Value.decodeNull()
            }
            return try Value(postgresBytes: bytes, type: column.dataType)
        } catch {
            var located = error
            located.column = column.name
            located.columnIndex = index
            located.postgresType = located.postgresType ?? column.dataType.description
            located.swiftType = String(describing: Value.self)
            throw located
        }
    }

    /// Decodes the first column named `name`.
    ///
    /// - Parameters:
    ///   - type: The Swift type; make it optional when the column can be `NULL`.
    ///   - name: The column name as the server reports it (unquoted identifiers are lowercase).
    /// - Returns: The decoded value.
    /// - Throws: ``PostgresError`` as ``decode(_:at:)`` does; ``PostgresError/Code/columnNotFound`` when no
    ///   column has that name.
    public func decode<Value: PostgresDecodable>(
        _ type: Value.Type,
        column name: String
    ) throws(PostgresError) -> Value {
        guard let index = self.storage.indexByName[name] else {
            var error = PostgresError(.columnNotFound, operation: "decode", message: "")
            error.column = name
            error.swiftType = String(describing: Value.self)
            throw error
        }
        return try self.decode(type, at: index)
    }

    /// Decodes the leading columns as a tuple, in order.
    ///
    /// - Parameter types: The Swift type of each column, for example `(UUID, String?, Date).self`.
    /// - Returns: The decoded tuple.
    /// - Throws: ``PostgresError`` naming the first column that does not decode.
    public func decode<each Column: PostgresDecodable>(
        _ types: (repeat each Column).Type
    ) throws(PostgresError) -> (repeat each Column) {
        var index = 0
        func next<Value: PostgresDecodable>(_ type: Value.Type) throws(PostgresError) -> Value {
            defer { index += 1 }
            return try self.decode(type, at: index)
        }
        return (repeat try next((each Column).self))
    }

    /// Whether the column at `index` is SQL `NULL`.
    ///
    /// - Parameter index: The column index, from 0.
    /// - Returns: `true` for `NULL` (and for an index out of range).
    public func isNull(at index: Int) -> Bool {
        guard self.storage.columns.indices.contains(index) else { return true }
        return self.storage.cell(row: self.row, column: index) == nil
    }
}
