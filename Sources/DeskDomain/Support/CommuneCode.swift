import Identifiers

/// The INSEE (COG) code of a commune, always a string: 2 characters of département then 3 digits (domain §1.2).
///
/// The département part is `01`–`95` except `20`, `2A` or `2B` (Corsica), `97` followed by `1`–`6` (overseas
/// départements, e.g. `97105`) or `98` followed by `7`/`8`. Only the format is checked: a postcode such as `21000`
/// has the same shape as a commune code and cannot be told apart here (Dijon is `21231`, postcode `21000`).
public enum CommuneCode {
    /// Whether `code` has the format of a commune code.
    public static func isValid(_ code: String) -> Bool {
        self.departement(of: code) != nil
    }

    /// The département of a commune code, in the 3-character form of ``Identifiers/Departement`` (`21231` →
    /// `021`, `2A004` → `02A`, `97105` → `971`); `nil` when the code is not well formed.
    public static func departement(of code: String) -> Departement? {
        let bytes = Array(code.utf8)
        guard bytes.count == 5, bytes[2...].allSatisfy(Self.isDigit) else { return nil }
        let head = String(decoding: bytes[0..<2], as: UTF8.self)
        let third = String(decoding: bytes[2..<3], as: UTF8.self)
        switch head {
        case "97", "98": return try? Departement(head + third)
        case "2A", "2B": return try? Departement(head)
        default:
            guard bytes[0...1].allSatisfy(Self.isDigit) else { return nil }
            return try? Departement(head)
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
