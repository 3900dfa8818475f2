/// The checks run before a message is composed or sent. Failures are ``MailError`` `.invalid` whose
/// detail names the field and the rule, never the offending value (addresses are personal data).
enum MailValidation {
    /// Header fields the composer writes itself; a ``MailHeader`` may not set them.
    static let composerFields: Set<String> = [
        "date", "from", "to", "cc", "bcc", "subject", "message-id", "mime-version", "content-type",
        "content-transfer-encoding",
    ]

    /// `atext` of RFC 5322 §3.2.3 besides letters and digits.
    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// Checks a mailbox address (`local@domain`, ASCII dot-atom local part, DNS domain).
    static func checkAddress(_ address: String, field: String) throws(MailError) {
        if self.containsLineBreak(address) {
            throw MailError(.invalid, "\(field): must not contain CR or LF (header injection)")
        }
        guard address.utf8.allSatisfy({ $0 < 0x80 }) else {
            throw MailError(.invalid, "\(field): non-ASCII addresses need SMTPUTF8, which is not supported (RFC 6531)")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw MailError(.invalid, "\(field): must contain exactly one @ (RFC 5321 §4.1.2 Mailbox)")
        }
        let local = parts[0].utf8
        let domain = parts[1].utf8
        guard !local.isEmpty, local.count <= 64 else {
            throw MailError(.invalid, "\(field): local part must have 1 to 64 characters (RFC 5321 §4.5.3.1.1)")
        }
        guard address.utf8.count <= 254 else {
            throw MailError(.invalid, "\(field): must have at most 254 characters (RFC 5321 §4.5.3.1.3)")
        }
        let localAtoms = local.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let localOK = localAtoms.allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { self.isAlphanumeric($0) || self.atextSymbols.contains($0) }
        }
        guard localOK else {
            throw MailError(.invalid, "\(field): local part must be a dot-atom (RFC 5322 §3.4.1)")
        }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let domainOK = labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { self.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
        guard !domain.isEmpty, domainOK else {
            throw MailError(.invalid, "\(field): domain must be a host name of letters, digits and hyphens (RFC 5321 §4.1.2)")
        }
    }

    /// Checks a display name or a subject: any Unicode, but no line break and no other control character.
    static func checkText(_ text: String, field: String) throws(MailError) {
        if self.containsLineBreak(text) {
            throw MailError(.invalid, "\(field): must not contain CR or LF (header injection)")
        }
        if text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
            throw MailError(.invalid, "\(field): must not contain control characters (RFC 5322 §3.2.5)")
        }
    }

    /// Checks an extra header field: name of printable ASCII without `:`, not a field the composer writes;
    /// value of printable ASCII and spaces.
    static func checkHeader(_ header: MailHeader, field: String) throws(MailError) {
        let name = header.name.utf8
        guard !name.isEmpty, name.count <= 76, name.allSatisfy({ $0 >= 33 && $0 <= 126 && $0 != UInt8(ascii: ":") })
        else {
            throw MailError(.invalid, "\(field).name: must be printable ASCII without ':' (RFC 5322 §3.6.8)")
        }
        guard !self.composerFields.contains(header.name.lowercased()) else {
            throw MailError(.invalid, "\(field).name: \(header.name) is written by the composer and cannot be set")
        }
        if self.containsLineBreak(header.value) {
            throw MailError(.invalid, "\(field).value: must not contain CR or LF (header injection)")
        }
        guard header.value.utf8.allSatisfy({ ($0 >= 32 && $0 <= 126) || $0 == 9 }) else {
            throw MailError(.invalid, "\(field).value: must be printable ASCII (RFC 5322 §2.2)")
        }
    }

    /// Checks a `Message-ID` given without angle brackets: `left@right`, printable ASCII.
    static func checkMessageID(_ id: String) throws(MailError) {
        if self.containsLineBreak(id) {
            throw MailError(.invalid, "messageID: must not contain CR or LF (header injection)")
        }
        let bytes = id.utf8
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        guard bytes.count <= 250, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            bytes.allSatisfy({ $0 >= 33 && $0 <= 126 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
        else {
            throw MailError(.invalid, "messageID: must be left@right in printable ASCII without <> (RFC 5322 §3.6.4)")
        }
    }

    static func containsLineBreak(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x0D || $0 == 0x0A }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
