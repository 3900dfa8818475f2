/// A syntactic check of an e-mail address, deliberately simpler than RFC 5322: what the desk accepts from a form
/// and from the catalogue. Only a message that arrives proves an address.
public enum EmailAddress {
    /// At most 254 characters in all (RFC 5321 path limit), 64 before the `@`.
    public static let maximumLength = 254

    /// Whether `text` looks like `local@domain.tld`: exactly one `@`; a local part of 1–64 printable ASCII
    /// characters without spaces, quotes, brackets or commas, not starting or ending with a dot and without `..`;
    /// a domain of at least two dot-separated labels of letters, digits and hyphens (no hyphen at either end of a
    /// label), the last one of at least two letters. Non-ASCII addresses are refused.
    public static func isPlausible(_ text: String) -> Bool {
        guard text.utf8.count <= Self.maximumLength, text.allSatisfy(\.isASCII) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0]
        let domain = parts[1]
        let forbidden = Set(" \t\r\n\"(),:;<>[\\]")
        guard (1...64).contains(local.utf8.count),
            !local.contains(where: { forbidden.contains($0) || ($0.asciiValue ?? 0) < 33 || $0.asciiValue == 127 }),
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.utf8.count), !label.hasPrefix("-"), !label.hasSuffix("-"),
                label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            else { return false }
        }
        let tld = labels[labels.count - 1]
        return tld.utf8.count >= 2 && tld.allSatisfy(\.isLetter)
    }
}
