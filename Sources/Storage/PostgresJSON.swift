import Foundation

/// A `Codable` value stored in a `jsonb` (or `json`) column.
///
/// ```swift
/// try await client.execute("INSERT INTO outbox (payload) VALUES (\(PostgresJSON(event)))")
/// let event = try row.decode(PostgresJSON<TenderPublished>.self, column: "payload").value
/// ```
///
/// Encoding uses a `JSONEncoder` with sorted keys; decoding a plain `JSONDecoder`. Use ``PostgresRawJSON``
/// to bind or read the JSON text unchanged.
public struct PostgresJSON<Value: Codable & Sendable>: Sendable {
    /// The wrapped value.
    public var value: Value

    /// Wraps a value.
    ///
    /// - Parameter value: The value to store as JSON.
    public init(_ value: Value) {
        self.value = value
    }
}

extension PostgresJSON: PostgresCodable {
    /// Bound as `jsonb`.
    public static var psqlType: PostgresDataType { .jsonb }

    /// Appends the value's JSON text.
    ///
    /// - Parameter buffer: The bytes to append to.
    /// - Throws: The `EncodingError` of `JSONEncoder`.
    public func encode(into buffer: inout [UInt8]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        buffer.append(contentsOf: try encoder.encode(self.value))
    }

    /// Decodes a `jsonb` or `json` column with `JSONDecoder`.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type, ``PostgresError/Code/malformedValue``
    ///   (with the `DecodingError` as ``PostgresError/underlying``) when the JSON does not match `Value`.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        let json = try PostgresRawJSON(postgresBytes: bytes, type: type).bytes
        do {
            self.value = try JSONDecoder().decode(Value.self, from: Data(json))
        } catch {
            var failure = PostgresError.malformed(type, Self.self, "JSON does not decode as \(Value.self)")
            failure.underlying = error
            throw failure
        }
    }
}

/// JSON text stored in or read from a `jsonb` (or `json`) column without interpretation.
public struct PostgresRawJSON: Hashable, Sendable {
    /// The UTF-8 JSON text.
    public var bytes: [UInt8]

    /// Wraps JSON text.
    ///
    /// - Parameter bytes: UTF-8 JSON text. The server validates it when bound.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Wraps JSON text.
    ///
    /// - Parameter text: JSON text. The server validates it when bound.
    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// Removes the version byte (1) that starts a `jsonb` value in binary format.
    static func stripVersion(
        _ bytes: ArraySlice<UInt8>,
        decoding swiftType: Any.Type
    ) throws(PostgresError) -> ArraySlice<UInt8> {
        guard bytes.first == 1 else {
            throw .malformed(
                .jsonb, swiftType, "unknown jsonb format version \(bytes.first.map(String.init) ?? "none")")
        }
        return bytes.dropFirst()
    }
}

extension PostgresRawJSON: PostgresCodable {
    /// Bound as `jsonb`.
    public static var psqlType: PostgresDataType { .jsonb }

    /// Appends the JSON text unchanged.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: self.bytes)
    }

    /// Decodes a `jsonb` or `json` column.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        switch type {
        case .json: self.bytes = Array(bytes)
        case .jsonb: self.bytes = Array(try Self.stripVersion(bytes, decoding: Self.self))
        default: throw .typeMismatch(type, Self.self)
        }
    }
}
