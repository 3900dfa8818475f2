/// A French intra-community VAT number: `FR` + 2-digit key + SIREN, with
/// key = (12 + 3 × (SIREN mod 97)) mod 97, zero-padded (domain §1.1).
public struct FrenchVATNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 13 characters, e.g. `FR03552081317`.
    public let value: String

    /// Validates `string`: uppercase `FR`, two key digits, a valid SIREN, and the key matching the SIREN.
    /// Never strips spaces.
    /// - Throws: ``IdentifierError`` with field `vatNumber`.
    public init(_ string: String) throws(IdentifierError) {
        let field = "vatNumber"
        guard string.utf8.count == 13 else {
            throw IdentifierError(.wrongLength, field: field, rule: "FR + 2-digit key + 9-digit SIREN", value: string)
        }
        guard string.hasPrefix("FR"), Digits.values(of: String(string.dropFirst(2))) != nil else {
            throw IdentifierError(.invalidFormat, field: field, rule: "FR + 2-digit key + 9-digit SIREN", value: string)
        }
        let siren: SIREN
        do {
            siren = try SIREN(String(string.suffix(9)))
        } catch {
            throw IdentifierError(.checksumFailed, field: field, rule: "the SIREN part is Luhn-valid", value: string)
        }
        guard string.dropFirst(2).prefix(2) == Self.key(for: siren) else {
            throw IdentifierError(
                .keyMismatch, field: field, rule: "key = (12 + 3 × (SIREN mod 97)) mod 97", value: string)
        }
        self.value = string
    }

    /// The VAT number of a SIREN.
    public init(siren: SIREN) {
        self.value = "FR" + Self.key(for: siren) + siren.value
    }

    /// Whether `string` is a valid French VAT number.
    public static func isValid(_ string: String) -> Bool {
        (try? FrenchVATNumber(string)) != nil
    }

    /// The SIREN part (valid by construction).
    public var siren: SIREN {
        // The init already validated these 9 digits.
        try! SIREN(String(value.suffix(9)))
    }

    /// The two-digit key of a SIREN.
    static func key(for siren: SIREN) -> String {
        let digits = Digits.values(of: siren.value) ?? []
        let key = (12 + 3 * Digits.remainder(of: digits, dividingBy: 97)) % 97
        return key < 10 ? "0\(key)" : "\(key)"
    }

    /// The 13 characters.
    public var description: String { value }

    /// Decodes a JSON string and validates it.
    public init(from decoder: any Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        try self.init(string)
    }

    /// Encodes the value as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
