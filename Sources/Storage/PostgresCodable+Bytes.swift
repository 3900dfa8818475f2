public import Foundation

extension Data: PostgresCodable {
    /// Bound as `bytea`.
    public static var psqlType: PostgresDataType { .bytea }

    /// Appends the `bytea` hex form, `\x` followed by two hex digits per byte.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        PostgresByteaText.append(self, to: &buffer)
    }

    /// Decodes a `bytea` column, or the UTF-8 text of a `json` or `jsonb` column.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        self = Data(try PostgresByteaText.decode(bytes, type: type, decoding: Self.self))
    }
}

extension UInt8: PostgresArrayElement {
    /// Bound as `"char"`, PostgreSQL's one-byte type.
    public static var psqlType: PostgresDataType { .char }

    /// `[UInt8]` is `bytea`, not an array of `"char"`.
    public static var psqlArrayType: PostgresDataType { .bytea }

    /// Appends the byte as `"char"` input: itself when printable ASCII, otherwise `\ooo` in octal.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        if (0x20..<0x7F).contains(self), self != UInt8(ascii: "\\") {
            buffer.append(self)
        } else {
            buffer.append(UInt8(ascii: "\\"))
            for shift in [6, 3, 0] {
                buffer.append(UInt8(ascii: "0") + (self >> UInt8(shift)) & 7)
            }
        }
    }

    /// Decodes a `"char"` column.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        guard type == .char else {
            throw .typeMismatch(type, Self.self)
        }
        self = bytes.first ?? 0
    }
}

/// The `bytea` hex text form, and the raw bytes of byte-like columns.
enum PostgresByteaText {
    private static let digits = Array("0123456789abcdef".utf8)

    static func append<Bytes: Collection<UInt8>>(_ bytes: Bytes, to buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + 2 + bytes.count * 2)
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "x"))
        for byte in bytes {
            buffer.append(Self.digits[Int(byte >> 4)])
            buffer.append(Self.digits[Int(byte & 0x0F)])
        }
    }

    /// The bytes of a `bytea` column, or the JSON text of a `json`/`jsonb` column.
    static func decode(
        _ bytes: ArraySlice<UInt8>,
        type: PostgresDataType,
        decoding swiftType: Any.Type
    ) throws(PostgresError) -> ArraySlice<UInt8> {
        switch type {
        case .bytea, .json: return bytes
        case .jsonb: return try PostgresRawJSON.stripVersion(bytes, decoding: swiftType)
        default: throw .typeMismatch(type, swiftType)
        }
    }
}
