extension FormatCheckers {
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
}
