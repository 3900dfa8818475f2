import Foundation

/// The CPV 2008 codes Passerelle knows: a shipped subset of the official list (Regulation (EC) 213/2008)
/// with the official check digit and French label of each code.
///
/// The bundled table (`Resources/cpv-2008-subset.json`) holds the division heads and the codes local
/// authorities use most; a code outside it is refused as `unknownCode`. Check digits come from the
/// official list and are never computed.
public struct CPVCatalogue: Sendable {
    /// One code of the table.
    public struct Entry: Hashable, Sendable, Codable {
        /// The 8 digits (`45213000`).
        public let code: String
        /// The official check digit (`3`).
        public let checkDigit: String
        /// The official French label.
        public let label: String

        /// Creates an entry.
        public init(code: String, checkDigit: String, label: String) {
            self.code = code
            self.checkDigit = checkDigit
            self.label = label
        }
    }

    /// The entries by their 8 digits.
    public let entries: [String: Entry]

    /// Builds a catalogue from entries (a later duplicate replaces an earlier one).
    public init(entries: [Entry]) {
        var byCode: [String: Entry] = [:]
        for entry in entries {
            byCode[entry.code] = entry
        }
        self.entries = byCode
    }

    /// The entry of 8 digits, if the table has it.
    public func entry(for digits: String) -> Entry? {
        entries[digits]
    }

    /// The table shipped with the module. Loading it cannot fail in a correctly built package; a missing
    /// or corrupt resource is a packaging error and stops the process.
    public static let bundled: CPVCatalogue = {
        do {
            return try load(ResourceTables.data("cpv-2008-subset", extension: "json", in: Bundle.module))
        } catch {
            fatalError("Identifiers: the CPV table resource is missing or corrupt: \(error)")
        }
    }()

    private struct File: Decodable {
        let entries: [Entry]
    }


    private static func load(_ data: Data) throws -> CPVCatalogue {
        let file = try JSONDecoder().decode(File.self, from: data)
        return CPVCatalogue(entries: file.entries)
    }
}
