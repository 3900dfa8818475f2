public import Foundation

/// A type whose Swift arrays map to a PostgreSQL array type (`[String]` to `text[]`, `[Int64]` to `int8[]`).
///
/// `[UInt8]` is the exception: it maps to `bytea`.
public protocol PostgresArrayElement: PostgresCodable {
    /// The PostgreSQL array type of `[Self]`, for example ``PostgresDataType/textArray`` for `String`.
    static var psqlArrayType: PostgresDataType { get }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// Bound as `Element.psqlArrayType`.
    public static var psqlType: PostgresDataType { Element.psqlArrayType }

    /// Appends an array literal with every element double-quoted (`{"a","b \"c\""}`), or the `bytea` hex
    /// form for `[UInt8]`. An empty array is `{}`.
    ///
    /// - Parameter buffer: The bytes to append to.
    /// - Throws: Whatever encoding an element throws.
    public func encode(into buffer: inout [UInt8]) throws {
        // Checked on the element type: an empty array of any type would cast to [UInt8].
        if Element.self == UInt8.self, let bytes = self as? [UInt8] {
            PostgresByteaText.append(bytes, to: &buffer)
            return
        }
        buffer.append(UInt8(ascii: "{"))
        var element: [UInt8] = []
        for (index, value) in self.enumerated() {
            if index > 0 {
                buffer.append(UInt8(ascii: ","))
            }
            element.removeAll(keepingCapacity: true)
            try value.encode(into: &element)
            buffer.append(UInt8(ascii: "\""))
            for byte in element {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    buffer.append(UInt8(ascii: "\\"))
                }
                buffer.append(byte)
            }
            buffer.append(UInt8(ascii: "\""))
        }
        buffer.append(UInt8(ascii: "}"))
    }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    /// Decodes a one-dimensional array column whose elements decode as `Element` (or a `bytea`,
    /// `json` or `jsonb` column for `[UInt8]`). A `NULL` element is refused; an empty array decodes as `[]`.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` when the column is not such an array,
    ///   ``PostgresError/Code/malformedValue`` for a multi-dimensional array.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        if Element.self == UInt8.self {
            let raw = Array<UInt8>(try PostgresByteaText.decode(bytes, type: type, decoding: Self.self))
            self = raw as! [Element]  // swift-format-ignore: checked by the condition above
            return
        }
        guard let expectedElement = PostgresDataType.elementTypes[type.rawValue] else {
            throw .typeMismatch(type, Self.self)
        }
        var reader = PostgresBinaryReader(bytes, type: type, decoding: Self.self)
        let dimensions = try reader.readInteger(Int32.self)
        _ = try reader.readInteger(Int32.self)  // flags: whether NULL elements exist
        let elementType = PostgresDataType(try reader.readInteger(UInt32.self))
        guard elementType.rawValue == expectedElement else {
            throw .malformed(type, Self.self, "array of \(elementType)")
        }
        guard dimensions <= 1 else {
            throw .malformed(type, Self.self, "\(dimensions)-dimensional array")
        }
        var result: [Element] = []
        if dimensions == 1 {
            let count = try reader.readInteger(Int32.self)
            _ = try reader.readInteger(Int32.self)  // lower bound
            result.reserveCapacity(Int(Swift.max(0, count)))
            for _ in 0..<Swift.max(0, count) {
                let length = try reader.readInteger(Int32.self)
                do {
                    if length < 0 {
                        result.append(try Element.decodeNull())
                    } else {
                        result.append(try Element(postgresBytes: try reader.readBytes(Int(length)), type: elementType))
                    }
                } catch {
                    var wrapped = error.retyped(as: Self.self)
                    wrapped.postgresType = type.description
                    throw wrapped
                }
            }
        }
        try reader.finish()
        self = result
    }
}

extension PostgresDataType {
    /// The element OID of each array type this layer decodes.
    static let elementTypes: [UInt32: UInt32] = [
        1000: 16, 1005: 21, 1007: 23, 1009: 25, 1014: 1042, 1015: 1043, 1016: 20, 1021: 700, 1022: 701,
        1182: 1082, 1185: 1184, 1231: 1700, 2951: 2950, 1003: 19, 1001: 17,
    ]

    /// `bytea[]`.
    public static var byteaArray: Self { Self(1001) }

    /// `date[]`.
    public static var dateArray: Self { Self(1182) }
    /// `timestamptz[]`.
    public static var timestamptzArray: Self { Self(1185) }
    /// `numeric[]`.
    public static var numericArray: Self { Self(1231) }
}

extension String: PostgresArrayElement {
    /// `text[]`.
    public static var psqlArrayType: PostgresDataType { .textArray }
}

extension Int64: PostgresArrayElement {
    /// `int8[]`.
    public static var psqlArrayType: PostgresDataType { .int8Array }
}

extension Int: PostgresArrayElement {
    /// `int8[]`.
    public static var psqlArrayType: PostgresDataType { .int8Array }
}

extension Int32: PostgresArrayElement {
    /// `int4[]`.
    public static var psqlArrayType: PostgresDataType { .int4Array }
}

extension Int16: PostgresArrayElement {
    /// `int2[]`.
    public static var psqlArrayType: PostgresDataType { .int2Array }
}

extension Bool: PostgresArrayElement {
    /// `bool[]`.
    public static var psqlArrayType: PostgresDataType { .boolArray }
}

extension Double: PostgresArrayElement {
    /// `float8[]`.
    public static var psqlArrayType: PostgresDataType { .float8Array }
}

extension UUID: PostgresArrayElement {
    /// `uuid[]`.
    public static var psqlArrayType: PostgresDataType { .uuidArray }
}

extension Decimal: PostgresArrayElement {
    /// `numeric[]`.
    public static var psqlArrayType: PostgresDataType { .numericArray }
}

extension PostgresDate: PostgresArrayElement {
    /// `date[]`.
    public static var psqlArrayType: PostgresDataType { .dateArray }
}

extension Date: PostgresArrayElement {
    /// `timestamptz[]`.
    public static var psqlArrayType: PostgresDataType { .timestamptzArray }
}

extension Data: PostgresArrayElement {
    /// `bytea[]`.
    public static var psqlArrayType: PostgresDataType { .byteaArray }
}
