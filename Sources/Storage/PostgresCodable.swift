/// A Swift value that can be bound to a `$n` parameter of a ``PostgresQuery`` or written by `COPY`.
///
/// Values are sent in PostgreSQL's text input syntax, with the type OID of ``psqlType`` so the server
/// parses them as that type. The same text is what `COPY … FROM STDIN` expects, so every encodable value
/// can also be bulk-inserted.
public protocol PostgresEncodable: Sendable {
    /// The type the value is bound as, for example ``PostgresDataType/int8`` for `Int`.
    static var psqlType: PostgresDataType { get }

    /// Appends the value in PostgreSQL's text input syntax, as UTF-8.
    ///
    /// - Parameter buffer: The bytes to append to.
    /// - Throws: Any error that makes the value unencodable; it is reported as ``PostgresError/Code/invalidBind``.
    func encode(into buffer: inout [UInt8]) throws
}

/// A Swift value that can be decoded from a column of a result row.
///
/// Results are always requested in PostgreSQL's binary format, which is exact for every supported type
/// (no locale, `DateStyle` or `extra_float_digits` dependency).
public protocol PostgresDecodable: Sendable {
    /// Decodes a non-`NULL` value from its binary representation.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/typeMismatch`` when `type` cannot be decoded as
    ///   `Self`, or ``PostgresError/Code/malformedValue`` when the bytes are invalid or out of range.
    init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError)

    /// The value for SQL `NULL`.
    ///
    /// - Returns: The value standing for `NULL`; only `Optional` has one.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/unexpectedNull`` (the default).
    static func decodeNull() throws(PostgresError) -> Self
}

/// A value that is both ``PostgresEncodable`` and ``PostgresDecodable``.
public typealias PostgresCodable = PostgresDecodable & PostgresEncodable

extension PostgresDecodable {
    /// Throws ``PostgresError/Code/unexpectedNull``: only optional types accept SQL `NULL`.
    ///
    /// - Returns: Never returns.
    /// - Throws: Always ``PostgresError`` with ``PostgresError/Code/unexpectedNull``.
    public static func decodeNull() throws(PostgresError) -> Self {
        throw PostgresError(.unexpectedNull, operation: "decode", message: "", swiftType: Self.self)
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// Decodes the wrapped value.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: Whatever decoding `Wrapped` throws.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        self = .some(try Wrapped(postgresBytes: bytes, type: type))
    }

    /// SQL `NULL` decodes as `nil`.
    ///
    /// - Returns: `nil`.
    public static func decodeNull() throws(PostgresError) -> Self {
        nil
    }
}

extension PostgresError {
    /// An error from decoding, before the row adds the column's name and index.
    init(
        _ code: Code,
        operation: String,
        message: String,
        postgresType: PostgresDataType? = nil,
        swiftType: Any.Type,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.init(code, operation: operation, message: message, file: file, line: line)
        self.postgresType = postgresType?.description
        self.swiftType = String(describing: swiftType)
    }

    /// `type` cannot be decoded as `swiftType`.
    static func typeMismatch(_ type: PostgresDataType, _ swiftType: Any.Type) -> PostgresError {
        PostgresError(.typeMismatch, operation: "decode", message: "", postgresType: type, swiftType: swiftType)
    }

    /// The bytes of a `type` column are not a valid `swiftType`.
    static func malformed(_ type: PostgresDataType, _ swiftType: Any.Type, _ reason: String) -> PostgresError {
        PostgresError(.malformedValue, operation: "decode", message: reason, postgresType: type, swiftType: swiftType)
    }
}

/// Reads big-endian binary values from a column's bytes.
struct PostgresBinaryReader {
    private var bytes: ArraySlice<UInt8>
    private let type: PostgresDataType
    private let swiftType: Any.Type

    init(_ bytes: ArraySlice<UInt8>, type: PostgresDataType, decoding swiftType: Any.Type) {
        self.bytes = bytes
        self.type = type
        self.swiftType = swiftType
    }

    var isAtEnd: Bool { self.bytes.isEmpty }

    mutating func readInteger<T: FixedWidthInteger>(_: T.Type = T.self) throws(PostgresError) -> T {
        let size = MemoryLayout<T>.size
        guard self.bytes.count >= size else {
            throw .malformed(self.type, self.swiftType, "expected \(size) more bytes, found \(self.bytes.count)")
        }
        var value: T = 0
        for byte in self.bytes.prefix(size) {
            value = (value << 8) | T(truncatingIfNeeded: byte)
        }
        self.bytes.removeFirst(size)
        return value
    }

    mutating func readBytes(_ count: Int) throws(PostgresError) -> ArraySlice<UInt8> {
        guard count >= 0, self.bytes.count >= count else {
            throw .malformed(self.type, self.swiftType, "expected \(count) more bytes, found \(self.bytes.count)")
        }
        let slice = self.bytes.prefix(count)
        self.bytes.removeFirst(count)
        return slice
    }

    /// Requires that every byte was consumed.
    func finish() throws(PostgresError) {
        guard self.bytes.isEmpty else {
            throw .malformed(self.type, self.swiftType, "\(self.bytes.count) unexpected trailing bytes")
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of `text`.
    mutating func appendUTF8(_ text: String) {
        self.append(contentsOf: text.utf8)
    }
}
