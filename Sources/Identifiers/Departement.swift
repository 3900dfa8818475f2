/// A French département in its 3-character form, as ACTES and DECP use it: `001`…`095` (no `020`),
/// `02A`, `02B`, `971`…`976`, `987`, `988` (domain §1.2).
public struct Departement: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The 3 characters (`021`, `02A`, `971`).
    public let code: String

    /// Validates `string`. The 2-character metropolitan form is accepted and padded (`"21"` → `"021"`,
    /// `"2A"` → `"02A"`); nothing else is normalised (no trimming, no case change).
    /// - Throws: ``IdentifierError`` with field `departement`.
    public init(_ string: String) throws(IdentifierError) {
        let field = "departement"
        let rule = "001–095, 02A, 02B, 971–976, 987, 988 (2-character form padded)"
        let count = string.utf8.count
        guard count == 2 || count == 3 else {
            throw IdentifierError(.wrongLength, field: field, rule: rule, value: string)
        }
        let candidate = count == 2 ? "0" + string : string
        guard Self.validCodes.contains(candidate) else {
            throw IdentifierError(.unknownCode, field: field, rule: rule, value: string)
        }
        self.code = candidate
    }

    /// Whether `string` is a valid département (2- or 3-character form).
    public static func isValid(_ string: String) -> Bool {
        (try? Departement(string)) != nil
    }

    /// Every valid 3-character code.
    public static let validCodes: Set<String> = {
        var codes: Set<String> = ["02A", "02B", "987", "988"]
        for number in 1...95 where number != 20 {
            codes.insert(number < 10 ? "00\(number)" : "0\(number)")
        }
        for number in 971...976 {
            codes.insert("\(number)")
        }
        return codes
    }()

    /// The départements of the Bourgogne-Franche-Comté region (INSEE region `27`): 21, 25, 39, 58, 70, 71,
    /// 89, 90. Status "to confirm" against the COG (domain §1.2).
    public static let bourgogneFrancheComte: [Departement] = ["021", "025", "039", "058", "070", "071", "089", "090"]
        .map { Departement(trusted: $0) }

    /// The INSEE code of the Bourgogne-Franche-Comté region.
    public static let bourgogneFrancheComteRegionCode = "27"

    /// Whether the département is in Bourgogne-Franche-Comté.
    public var isInBourgogneFrancheComte: Bool { Self.bourgogneFrancheComte.contains(self) }

    private init(trusted code: String) {
        self.code = code
    }

    /// The 3 characters.
    public var description: String { code }

    /// Orders by code.
    public static func < (lhs: Departement, rhs: Departement) -> Bool { lhs.code < rhs.code }

    /// Decodes a JSON string and validates it.
    public init(from decoder: any Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        try self.init(string)
    }

    /// Encodes the 3 characters as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
