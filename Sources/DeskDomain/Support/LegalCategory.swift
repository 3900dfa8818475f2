/// The legal category (catégorie juridique) of a legal unit: 4 digits, kept as a string (domain §1.3).
/// Examples: `5710` SAS, `5499` SARL, `1000` sole trader, `7210` commune.
public enum LegalCategory {
    /// Whether `code` is exactly 4 ASCII digits.
    public static func isValid(_ code: String) -> Bool {
        code.utf8.count == 4 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
