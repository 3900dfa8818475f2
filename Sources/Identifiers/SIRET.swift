/// A SIRET: the 14-digit number of an establishment, SIREN (9) + NIC (5).
///
/// Rules (domain §1.1): exactly 14 ASCII digits; the SIREN part is Luhn-valid **and** all 14 digits are
/// Luhn-valid. La Poste exception: only when the SIREN is `356000000`, a SIRET that fails Luhn is still
/// valid if the sum of its 14 digits is a multiple of 5.
public struct SIRET: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 14 digits.
    public let value: String

    /// Validates `string` (never strips spaces, never goes through an integer).
    /// - Throws: ``IdentifierError`` with field `siret`.
    public init(_ string: String) throws(IdentifierError) {
        let digits = try Digits.require(string, count: 14, field: "siret")
        let sirenPart = String(string.prefix(9))
        guard Digits.luhnIsValid(Array(digits.prefix(9))) else {
            throw IdentifierError(
                .checksumFailed, field: "siret", rule: "Luhn over the SIREN part (first 9 digits)", value: string)
        }
        if !Digits.luhnIsValid(digits) {
            let laPosteException = sirenPart == SIREN.laPoste && digits.reduce(0, +) % 5 == 0
            guard laPosteException else {
                let rule =
                    sirenPart == SIREN.laPoste
                    ? "Luhn over all 14 digits, or La Poste digit sum multiple of 5"
                    : "Luhn over all 14 digits"
                throw IdentifierError(.checksumFailed, field: "siret", rule: rule, value: string)
            }
        }
        self.value = string
    }

    /// Whether `string` is a valid SIRET.
    public static func isValid(_ string: String) -> Bool {
        (try? SIRET(string)) != nil
    }

    /// The SIREN of the legal unit (first 9 digits; valid by construction).
    public var siren: SIREN {
        // The init already checked Luhn over these 9 digits.
        try! SIREN(String(value.prefix(9)))
    }

    /// The NIC: the last 5 digits, identifying the establishment within the legal unit.
    public var nic: String { String(value.suffix(5)) }

    /// The 14 digits.
    public var description: String { value }

    /// Decodes a JSON string and validates it.
    public init(from decoder: any Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        try self.init(string)
    }

    /// Encodes the 14 digits as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
