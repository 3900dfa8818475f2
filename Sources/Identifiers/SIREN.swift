/// A SIREN: the 9-digit number of a legal unit in the INSEE Sirene register.
///
/// Rule (domain §1.1): exactly 9 ASCII digits, Luhn-valid over all 9. The value is kept as the string
/// given (leading zeros survive). A valid number may still belong to nobody.
public struct SIREN: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 9 digits.
    public let value: String

    /// Validates `string` (never strips spaces: `"552 081 317"` is refused).
    /// - Throws: ``IdentifierError`` with field `siren`.
    public init(_ string: String) throws(IdentifierError) {
        let digits = try Digits.require(string, count: 9, field: "siren")
        guard Digits.luhnIsValid(digits) else {
            throw IdentifierError(.checksumFailed, field: "siren", rule: "Luhn over the 9 digits", value: string)
        }
        self.value = string
    }

    /// Whether `string` is a valid SIREN.
    public static func isValid(_ string: String) -> Bool {
        (try? SIREN(string)) != nil
    }

    /// The SIREN of La Poste, the only one the SIRET mod-5 exception applies to.
    public static let laPoste = "356000000"

    /// The 9 digits.
    public var description: String { value }

    /// Decodes a JSON string and validates it.
    public init(from decoder: any Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        try self.init(string)
    }

    /// Encodes the 9 digits as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
