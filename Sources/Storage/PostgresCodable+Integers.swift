extension Int64: PostgresCodable {
    /// Bound as `int8`.
    public static var psqlType: PostgresDataType { .int8 }

    /// Appends the decimal digits.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUTF8(String(self))
    }

    /// Decodes an `int8`, `int4` or `int2` column.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        var reader = PostgresBinaryReader(bytes, type: type, decoding: Self.self)
        switch type {
        case .int8: self = try reader.readInteger(Int64.self)
        case .int4: self = Int64(try reader.readInteger(Int32.self))
        case .int2: self = Int64(try reader.readInteger(Int16.self))
        default: throw .typeMismatch(type, Self.self)
        }
        try reader.finish()
    }
}

extension Int: PostgresCodable {
    /// Bound as `int8`.
    public static var psqlType: PostgresDataType { .int8 }

    /// Appends the decimal digits.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUTF8(String(self))
    }

    /// Decodes an `int8`, `int4` or `int2` column.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        do {
            self = Int(try Int64(postgresBytes: bytes, type: type))
        } catch {
            throw error.retyped(as: Self.self)
        }
    }
}

extension Int32: PostgresCodable {
    /// Bound as `int4`.
    public static var psqlType: PostgresDataType { .int4 }

    /// Appends the decimal digits.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUTF8(String(self))
    }

    /// Decodes an `int4` or `int2` column.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type (including `int8`, which may not fit).
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        var reader = PostgresBinaryReader(bytes, type: type, decoding: Self.self)
        switch type {
        case .int4: self = try reader.readInteger(Int32.self)
        case .int2: self = Int32(try reader.readInteger(Int16.self))
        default: throw .typeMismatch(type, Self.self)
        }
        try reader.finish()
    }
}

extension Int16: PostgresCodable {
    /// Bound as `int2`.
    public static var psqlType: PostgresDataType { .int2 }

    /// Appends the decimal digits.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUTF8(String(self))
    }

    /// Decodes an `int2` column.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        guard type == .int2 else {
            throw .typeMismatch(type, Self.self)
        }
        var reader = PostgresBinaryReader(bytes, type: type, decoding: Self.self)
        self = try reader.readInteger(Int16.self)
        try reader.finish()
    }
}

extension PostgresError {
    /// The same error, naming `swiftType` as the type being decoded.
    func retyped(as swiftType: Any.Type) -> PostgresError {
        var copy = self
        copy.swiftType = String(describing: swiftType)
        return copy
    }
}
