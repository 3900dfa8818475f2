/// A run-time parameter set for one transaction only, as `SET LOCAL` does, sent together with `BEGIN` so it
/// costs no extra round trip.
///
/// ```swift
/// try await client.withTransaction(settings: [.searchPath([schema])]) { tx in … }
/// ```
public struct PostgresLocalSetting: Sendable, Hashable {
    /// The parameter name, for example `search_path`.
    public var name: String
    /// The value as `set_config` takes it: text, lists comma-separated.
    public var value: String

    /// A setting.
    ///
    /// - Parameters:
    ///   - name: The parameter name.
    ///   - value: Its value for the transaction.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// `search_path` set to `schemas`, each quoted as an identifier.
    public static func searchPath(_ schemas: [PostgresIdentifier]) -> PostgresLocalSetting {
        PostgresLocalSetting("search_path", schemas.map(\.quoted).joined(separator: ", "))
    }

    /// The statement that applies it: `SELECT set_config(name, value, true)` with both as string literals.
    var statement: String {
        "SELECT set_config(\(Self.literal(self.name)), \(Self.literal(self.value)), true)"
    }

    private static func literal(_ text: String) -> String {
        // standard_conforming_strings is on (the default since 9.1): only the quote needs doubling.
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }
}
