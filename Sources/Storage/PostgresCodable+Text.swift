public import Foundation

extension String: PostgresCodable {
    /// Bound as `text`. Cast in SQL when the target is another type (`\(id)::uuid`), or bind the matching
    /// Swift type instead.
    public static var psqlType: PostgresDataType { .text }

    /// Appends the UTF-8 bytes. A string containing U+0000 is refused when bound (PostgreSQL text cannot hold it).
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUTF8(self)
    }

    /// Decodes a `text`, `varchar`, `bpchar`, `name`, `json` or `jsonb` column.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type (cast it with `::text` in SQL),
    ///   ``PostgresError/Code/malformedValue`` for invalid UTF-8.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        var text = bytes
        switch type {
        case _ where type.isTextual, .json:
            break
        case .jsonb:
            text = try PostgresRawJSON.stripVersion(bytes, decoding: Self.self)
        default:
            throw .typeMismatch(type, Self.self)
        }
        guard let string = String(validating: text, as: UTF8.self) else {
            throw .malformed(type, Self.self, "invalid UTF-8")
        }
        self = string
    }
}

extension Bool: PostgresCodable {
    /// Bound as `bool`.
    public static var psqlType: PostgresDataType { .bool }

    /// Appends `t` or `f`.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.append(self ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    /// Decodes a `bool` column.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        guard type == .bool else {
            throw .typeMismatch(type, Self.self)
        }
        var reader = PostgresBinaryReader(bytes, type: type, decoding: Self.self)
        let byte = try reader.readInteger(UInt8.self)
        try reader.finish()
        guard byte <= 1 else {
            throw .malformed(type, Self.self, "boolean byte \(byte)")
        }
        self = byte == 1
    }
}

extension UUID: PostgresCodable {
    /// Bound as `uuid`.
    public static var psqlType: PostgresDataType { .uuid }

    /// Appends the lowercase 8-4-4-4-12 form.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUTF8(self.uuidString.lowercased())
    }

    /// Decodes a `uuid` column.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        guard type == .uuid else {
            throw .typeMismatch(type, Self.self)
        }
        guard bytes.count == 16 else {
            throw .malformed(type, Self.self, "expected 16 bytes, found \(bytes.count)")
        }
        let b = Array(bytes)
        self = UUID(
            uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])
        )
    }
}
