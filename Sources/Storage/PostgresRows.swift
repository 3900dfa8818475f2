/// The rows a statement returned, fully read into memory.
///
/// A `RandomAccessCollection` of ``PostgresRow``; iterate it with `for row in rows`.
///
/// ```swift
/// for row in try await client.query("SELECT id, title FROM tenders") {
///     let (id, title) = try row.decode((UUID, String).self)
/// }
/// ```
public struct PostgresRows: RandomAccessCollection, Sendable {
    /// The result columns, in order.
    public var columns: [PostgresColumn] { self.storage.columns }
    /// The command tag the server sent, for example `INSERT 0 3` or `SELECT 2`.
    public let commandTag: String
    /// The number of rows the statement inserted, updated, deleted, selected, moved, fetched or copied, when
    /// the command reports one.
    public let affectedRows: Int?
    let storage: PostgresRowStorage

    init(storage: PostgresRowStorage, commandTag: String, affectedRows: Int?) {
        self.storage = storage
        self.commandTag = commandTag
        self.affectedRows = affectedRows
    }

    /// The index of the first row.
    public var startIndex: Int { 0 }
    /// One past the index of the last row.
    public var endIndex: Int { self.storage.rowCount }

    /// The row at `position`.
    ///
    /// - Parameter position: A row index, `0..<count`.
    public subscript(position: Int) -> PostgresRow {
        PostgresRow(storage: self.storage, row: position)
    }

    /// Decodes the first column of every row.
    ///
    /// - Parameter type: The column's Swift type, for example `Int.self` or `String?.self`.
    /// - Returns: One value per row.
    /// - Throws: ``PostgresError`` naming the column when a value does not decode.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type) throws(PostgresError) -> [Value] {
        var result: [Value] = []
        result.reserveCapacity(self.count)
        for row in self {
            result.append(try row.decode(type, at: 0))
        }
        return result
    }

    /// Decodes every row as a tuple of the given column types, in column order.
    ///
    /// - Parameter types: The Swift type of each column, for example `(UUID, String?).self`.
    /// - Returns: One tuple per row.
    /// - Throws: ``PostgresError`` naming the first column that does not decode.
    public func decode<each Column: PostgresDecodable>(
        _ types: (repeat each Column).Type
    ) throws(PostgresError) -> [(repeat each Column)] {
        var result: [(repeat each Column)] = []
        result.reserveCapacity(self.count)
        for row in self {
            result.append(try row.decode(types))
        }
        return result
    }
}

/// A result column: its name and PostgreSQL type.
public struct PostgresColumn: Hashable, Sendable {
    /// The column name (`PQfname`), for example `id` or `count`.
    public let name: String
    /// The column's PostgreSQL type (`PQftype`).
    public let dataType: PostgresDataType
}

/// The bytes of a whole result, copied out of libpq in one buffer.
///
/// Immutable after creation, so sharing it between rows and tasks is safe.
final class PostgresRowStorage: Sendable {
    let columns: [PostgresColumn]
    let rowCount: Int
    /// All cell bytes, row after row.
    let bytes: [UInt8]
    /// The start of each cell in ``bytes``, row-major.
    let offsets: [Int]
    /// The length of each cell, or -1 for SQL `NULL`, row-major.
    let lengths: [Int32]
    /// The first column with each name.
    let indexByName: [String: Int]

    init(columns: [PostgresColumn], rowCount: Int, bytes: [UInt8], offsets: [Int], lengths: [Int32]) {
        self.columns = columns
        self.rowCount = rowCount
        self.bytes = bytes
        self.offsets = offsets
        self.lengths = lengths
        var indexByName: [String: Int] = [:]
        for (index, column) in columns.enumerated() where indexByName[column.name] == nil {
            indexByName[column.name] = index
        }
        self.indexByName = indexByName
    }

    /// The bytes of one cell, or `nil` for SQL `NULL`.
    func cell(row: Int, column: Int) -> ArraySlice<UInt8>? {
        let index = row * self.columns.count + column
        let length = self.lengths[index]
        guard length >= 0 else { return nil }
        let start = self.offsets[index]
        return self.bytes[start..<start + Int(length)]
    }
}
