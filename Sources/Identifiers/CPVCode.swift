/// A CPV 2008 code (Common Procurement Vocabulary), validated against the official list.
///
/// Format `^[0-9]{8}(-[0-9])?$` (domain §1.3). The 8 digits must be in the ``CPVCatalogue``; when a check
/// digit is given it must equal the official one. The check digit is never computed.
public struct CPVCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 8 digits (`45213000`).
    public let digits: String
    /// The official check digit from the table (`3`).
    public let checkDigit: String
    /// The official French label.
    public let label: String

    /// Validates `string` against `catalogue`.
    /// - Throws: ``IdentifierError`` with field `cpv`: `invalidFormat`, `unknownCode` or `checkDigitMismatch`.
    public init(_ string: String, catalogue: CPVCatalogue = .bundled) throws(IdentifierError) {
        let field = "cpv"
        let bytes = Array(string.utf8)
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let wellFormed =
            (bytes.count == 8 || bytes.count == 10) && bytes.prefix(8).allSatisfy(isDigit)
            && (bytes.count == 8 || (bytes[8] == UInt8(ascii: "-") && isDigit(bytes[9])))
        guard wellFormed else {
            throw IdentifierError(.invalidFormat, field: field, rule: "^[0-9]{8}(-[0-9])?$", value: string)
        }
        let digits = String(string.prefix(8))
        guard let entry = catalogue.entry(for: digits) else {
            throw IdentifierError(.unknownCode, field: field, rule: "code in the CPV 2008 table", value: string)
        }
        if bytes.count == 10, String(string.suffix(1)) != entry.checkDigit {
            throw IdentifierError(
                .checkDigitMismatch, field: field, rule: "check digit \(entry.checkDigit) for \(digits)", value: string)
        }
        self.digits = digits
        self.checkDigit = entry.checkDigit
        self.label = entry.label
    }

    /// Whether `string` is a valid CPV code of `catalogue`.
    public static func isValid(_ string: String, catalogue: CPVCatalogue = .bundled) -> Bool {
        (try? CPVCode(string, catalogue: catalogue)) != nil
    }

    /// The full form with the check digit, `45213000-3`.
    public var description: String { "\(digits)-\(checkDigit)" }

    /// Decodes a JSON string (with or without check digit) and validates it against the bundled table.
    public init(from decoder: any Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        try self.init(string)
    }

    /// Encodes the full form `45213000-3` as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
