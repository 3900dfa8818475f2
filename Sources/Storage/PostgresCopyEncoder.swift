/// Builds the data of `COPY … FROM STDIN` in PostgreSQL's text format.
///
/// Columns are separated by a tab and rows end with a newline. Inside a value, backslash, tab, newline and
/// carriage return are written as `\\`, `\t`, `\n` and `\r`; SQL `NULL` is `\N`. Each value is first
/// encoded in its text input syntax (``PostgresEncodable/encode(into:)``).
struct PostgresCopyEncoder {
    /// The number of columns every row must have.
    let columnCount: Int
    /// The encoded rows not yet sent.
    private(set) var buffer: [UInt8] = []
    /// The number of rows encoded so far.
    private(set) var rowCount = 0
    private var scratch: [UInt8] = []

    init(columnCount: Int) {
        self.columnCount = columnCount
    }

    /// Encodes one row.
    ///
    /// - Throws: ``PostgresError/Code/invalidBind`` when the row has the wrong number of values, a value fails
    ///   to encode, or a value contains a NUL character.
    mutating func append(_ row: [(any PostgresEncodable)?]) throws(PostgresError) {
        guard row.count == self.columnCount else {
            throw PostgresError(
                .invalidBind, operation: "copy",
                message: "row \(self.rowCount + 1) has \(row.count) values for \(self.columnCount) columns")
        }
        for (index, value) in row.enumerated() {
            if index > 0 {
                self.buffer.append(UInt8(ascii: "\t"))
            }
            guard let value else {
                self.buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
                continue
            }
            self.scratch.removeAll(keepingCapacity: true)
            do {
                try value.encode(into: &self.scratch)
            } catch {
                var failure = PostgresError(
                    .invalidBind, operation: "copy", message: "row \(self.rowCount + 1), column \(index + 1)")
                failure.underlying = error
                throw failure
            }
            try self.appendEscaped(column: index)
        }
        self.buffer.append(UInt8(ascii: "\n"))
        self.rowCount += 1
    }

    /// Takes the encoded bytes so far.
    mutating func takeBuffer() -> [UInt8] {
        defer { self.buffer = [] }
        return self.buffer
    }

    private mutating func appendEscaped(column: Int) throws(PostgresError) {
        for byte in self.scratch {
            switch byte {
            case UInt8(ascii: "\\"):
                self.buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"):
                self.buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"):
                self.buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"):
                self.buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0:
                throw PostgresError(
                    .invalidBind, operation: "copy",
                    message: "row \(self.rowCount + 1), column \(column + 1) contains a NUL character")
            default:
                self.buffer.append(byte)
            }
        }
    }
}
