/// Why an identifier was refused: the field, the rule that failed and the value as given.
///
/// The value is a public identifier (SIREN, SIRET, CPV, …), so the error is safe to log.
public struct IdentifierError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The value does not have the required number of characters.
        case wrongLength
        /// A character is not an ASCII digit where one is required.
        case notDigits
        /// The value does not match the required pattern.
        case invalidFormat
        /// The Luhn check (or the La Poste mod-5 exception) fails.
        case checksumFailed
        /// The VAT key does not match the SIREN.
        case keyMismatch
        /// The code is well formed but not in the reference table.
        case unknownCode
        /// The CPV check digit given differs from the official one.
        case checkDigitMismatch
    }

    /// The kind of failure.
    public let code: Code
    /// The field being validated (`siren`, `siret`, `vatNumber`, `cpv`, `departement`).
    public let field: String
    /// The rule that failed, in words (`"9 ASCII digits"`, `"Luhn over all 14 digits"`).
    public let rule: String
    /// The value exactly as given to the validator.
    public let value: String

    /// Creates an error.
    public init(_ code: Code, field: String, rule: String, value: String) {
        self.code = code
        self.field = field
        self.rule = rule
        self.value = value
    }

    /// `"siret: checksumFailed (Luhn over all 14 digits) for \"12345678912345\""`.
    public var description: String {
        "\(field): \(code.rawValue) (\(rule)) for \"\(value)\""
    }
}
