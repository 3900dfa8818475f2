/// Why the generator cannot translate the contracts: the schema file or reference and what is wrong.
public struct CodegenError: Error, Sendable, CustomStringConvertible {
    public var message: String

    init(_ message: String) { self.message = message }

    public var description: String { self.message }
}
