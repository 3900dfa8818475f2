/// The values bound to the `$1`, `$2`, … parameters of a ``PostgresQuery``, already encoded.
///
/// Bindings are never part of any description or log line.
public struct PostgresBindings: Sendable {
    /// The type OID sent for each parameter.
    private(set) var types: [PostgresDataType] = []
    /// The text-format bytes of each parameter; `nil` is SQL `NULL`.
    private(set) var values: [[UInt8]?] = []
    /// The first encoding failure; the query is refused with it before anything is sent.
    private(set) var encodingError: PostgresError?

    /// Creates empty bindings.
    public init() {}

    /// The number of bound parameters.
    public var count: Int { self.values.count }

    /// Binds a value as the next parameter.
    ///
    /// - Parameter value: The value; it is encoded now.
    public mutating func append<Value: PostgresEncodable>(_ value: Value) {
        self.appendEncoded(value, type: Value.psqlType)
    }

    /// Binds a value, or SQL `NULL` typed as `Value`, as the next parameter.
    ///
    /// - Parameter value: The value, or `nil` for `NULL`.
    public mutating func append<Value: PostgresEncodable>(_ value: Value?) {
        guard let value else {
            self.appendNull(as: Value.psqlType)
            return
        }
        self.append(value)
    }

    /// Binds SQL `NULL` as the next parameter.
    ///
    /// - Parameter type: The type the server should give the `NULL`; by default it is inferred.
    public mutating func appendNull(as type: PostgresDataType = .unspecified) {
        self.types.append(type)
        self.values.append(nil)
    }

    /// Binds a value of a type known only at run time.
    mutating func appendEncoded(_ value: any PostgresEncodable, type: PostgresDataType) {
        var bytes: [UInt8] = []
        do {
            try value.encode(into: &bytes)
        } catch {
            self.recordFailure("parameter $\(self.count + 1) could not be encoded", underlying: error)
        }
        if bytes.contains(0) {
            self.recordFailure("parameter $\(self.count + 1) contains a NUL character", underlying: nil)
        }
        self.types.append(type)
        self.values.append(bytes)
    }

    private mutating func recordFailure(_ message: String, underlying: (any Error)?) {
        guard self.encodingError == nil else { return }
        var error = PostgresError(.invalidBind, operation: "bind", message: message)
        error.underlying = underlying
        self.encodingError = error
    }
}
