/// A tender history that cannot be exported as an OCDS record. Safe to log: ids and positions only.
public struct OCDSExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, as a stable code.
    public enum Code: String, Sendable, Hashable {
        /// The history is empty or does not start with `published`.
        case notPublished
        /// A second `published` entry.
        case publishedTwice
        /// An entry is dated before the previous one.
        case outOfOrder
        /// An entry follows the cancellation.
        case afterCancellation
        /// An entry names a lot the publication did not list.
        case unknownLot
        /// A contract names an award the history did not record.
        case unknownAward
        /// Two awards, contracts or amendments share an id.
        case duplicateID
        /// The ocid prefix is empty or contains `#`.
        case invalidPrefix
    }

    /// What is wrong.
    public var code: Code
    /// The 0-based position of the faulty entry in the history, when there is one.
    public var entryIndex: Int?
    /// A plain sentence naming the ids involved.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What is wrong.
    ///   - entryIndex: The faulty entry's position.
    ///   - message: A plain sentence.
    public init(_ code: Code, entryIndex: Int?, message: String) {
        self.code = code
        self.entryIndex = entryIndex
        self.message = message
    }

    /// `OCDSExportError(unknownLot) at entry 3: …`.
    public var description: String {
        let place = self.entryIndex.map { " at entry \($0)" } ?? ""
        return "OCDSExportError(\(self.code.rawValue))\(place): \(self.message)"
    }
}
