import ServiceRuntime

/// Contract enums between messages, and read back from the database.
enum ContractEnum {
    /// The same value as the enum of another message: a command's `buyerKind` as the event's `Buyer.Kind`.
    /// The schemas list the same values, so this fails only if they drift apart; the command is then refused.
    static func converted<Target: RawRepresentable<String>>(
        _ value: some RawRepresentable<String>, field: String
    ) throws(ServiceProblem) -> Target {
        guard let target = Target(rawValue: value.rawValue) else {
            throw ServiceProblem(
                .invalid, code: "unsupportedValue", field: field, rule: "the published event lists the value",
                "\(value.rawValue) has no counterpart in \(Target.self)")
        }
        return target
    }

    /// A contract enum read back from a column this service wrote; another value means the row was edited
    /// by hand, which fails the message rather than guessing.
    static func stored<Value: RawRepresentable<String>>(_ text: String, column: String) throws -> Value {
        guard let value = Value(rawValue: text) else {
            throw PermanentError("procurement.\(column): unknown value '\(text)' for \(Value.self)")
        }
        return value
    }
}
