extension FormatCheckers {
    /// La Poste's SIREN, whose establishments' SIRETs follow a different check.
    static let laPosteSIREN: [UInt8] = Array("356000000".utf8)

    /// `siren`: exactly 9 ASCII digits passing the Luhn check (e.g. `732829320`).
    @Sendable
    public static func isSIREN(_ string: String) -> Bool {
        let digits = string.utf8
        guard digits.count == 9, digits.allSatisfy(FormatCheckers.isDigit) else { return false }
        return FormatCheckers.passesLuhn(digits)
    }

    /// `siret`: exactly 14 ASCII digits whose SIREN part (the first 9) passes the Luhn check and whose
    /// 14 digits pass it too, or — for La Poste, whose SIREN is `356000000` — whose 14 digits add up to a
    /// multiple of 5 (INSEE's exception for La Poste's establishments, e.g. `35600000049837`).
    @Sendable
    public static func isSIRET(_ string: String) -> Bool {
        let digits = string.utf8
        guard digits.count == 14, digits.allSatisfy(FormatCheckers.isDigit) else { return false }
        guard FormatCheckers.passesLuhn(digits.prefix(9)) else { return false }
        if FormatCheckers.passesLuhn(digits) { return true }
        guard digits.prefix(9).elementsEqual(FormatCheckers.laPosteSIREN) else { return false }
        let sum = digits.reduce(0) { $0 + Int($1 - UInt8(ascii: "0")) }
        return sum % 5 == 0
    }

    /// `insee-commune`: an INSEE commune code — 2 digits, or `2A`/`2B` for Corsica, then
    /// 3 digits (`21231` Dijon, `2A004` Ajaccio, `97411` Saint-Denis de La Réunion).
    ///
    /// Codes no commune can have are refused: département `00`, `20` (Corsica is `2A`/`2B` since 1976),
    /// `96` and `99` (INSEE uses `99xxx` for foreign countries), and commune number `000` — which also
    /// catches the classic mistake of a postcode such as `21000` in an INSEE field.
    @Sendable
    public static func isINSEECommune(_ string: String) -> Bool {
        FormatCheckers.withBytes(string) { bytes in
            guard bytes.count == 5, FormatCheckers.isDigit(bytes[0]) else { return false }
            let departmentValid =
                FormatCheckers.isDigit(bytes[1])
                || (bytes[0] == UInt8(ascii: "2") && (bytes[1] == UInt8(ascii: "A") || bytes[1] == UInt8(ascii: "B")))
            guard departmentValid, bytes[2...].allSatisfy(FormatCheckers.isDigit) else { return false }
            let department = String(decoding: bytes[0..<2], as: UTF8.self)
            guard !["00", "20", "96", "99"].contains(department) else { return false }
            return !bytes[2...].elementsEqual("000".utf8)
        }
    }

    /// The Luhn (mod 10) check over ASCII digits.
    static func passesLuhn(_ digits: some BidirectionalCollection<UInt8>) -> Bool {
        var sum = 0
        var double = false
        for byte in digits.reversed() {
            var digit = Int(byte - UInt8(ascii: "0"))
            if double {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
            double.toggle()
        }
        return sum % 10 == 0
    }
}
