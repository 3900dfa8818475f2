/// A problem in the contracts, located precisely: the file, the line (from the YAML marks) and the JSON
/// pointer of the offending part.
public struct ContractError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule that is broken, as a stable name (e.g. `naming`, `owner`, `sender`, `ref`, `schema`, `example`).
    public var rule: String
    /// The file, relative to the contracts folder.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The JSON pointer of the offending part in that file (`""` for the whole document).
    public var pointer: String
    /// A plain sentence.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - rule: The broken rule.
    ///   - file: The file, relative to the contracts folder.
    ///   - line: The 1-based line.
    ///   - pointer: The JSON pointer in that file.
    ///   - message: What is wrong.
    public init(rule: String, file: String, line: Int?, pointer: String, message: String) {
        self.rule = rule
        self.file = file
        self.line = line
        self.pointer = pointer
        self.message = message
    }

    /// `procurement/asyncapi.yaml:12 #/channels/x: message`.
    public var description: String {
        let place = self.line.map { "\(self.file):\($0)" } ?? self.file
        return "\(place) #\(self.pointer): \(self.message) [\(self.rule)]"
    }
}
