extension Double: PostgresCodable {
    /// Bound as `float8`.
    public static var psqlType: PostgresDataType { .float8 }

    /// Appends the shortest text that reads back as exactly this value (`Infinity`, `-Infinity`, `NaN`
    /// for the special values).
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUTF8(Self.text(self))
    }

    /// Decodes a `float8` or `float4` column.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        var reader = PostgresBinaryReader(bytes, type: type, decoding: Self.self)
        switch type {
        case .float8: self = Double(bitPattern: try reader.readInteger(UInt64.self))
        case .float4: self = Double(Float(bitPattern: try reader.readInteger(UInt32.self)))
        default: throw .typeMismatch(type, Self.self)
        }
        try reader.finish()
    }

    /// The text PostgreSQL's `float8in` and `float4in` accept for `value`.
    static func text<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F) -> String {
        if value.isNaN {
            return "NaN"
        }
        if value.isInfinite {
            return value < 0 ? "-Infinity" : "Infinity"
        }
        return value.description
    }
}

extension Float: PostgresCodable {
    /// Bound as `float4`.
    public static var psqlType: PostgresDataType { .float4 }

    /// Appends the shortest text that reads back as exactly this value.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUTF8(Double.text(self))
    }

    /// Decodes a `float4` column (a `float8` would lose precision, so it is a type mismatch).
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        guard type == .float4 else {
            throw .typeMismatch(type, Self.self)
        }
        var reader = PostgresBinaryReader(bytes, type: type, decoding: Self.self)
        self = Float(bitPattern: try reader.readInteger(UInt32.self))
        try reader.finish()
    }
}
