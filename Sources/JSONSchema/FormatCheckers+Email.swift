extension FormatCheckers {
    /// `email`: an RFC 5321 mailbox in ASCII — a dot-atom or quoted local part, then a host name
    /// or an address literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`).
    @Sendable
    public static func isEmail(_ string: String) -> Bool {
        FormatCheckers.withBytes(string) { bytes in
            guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
            let local = bytes[bytes.startIndex..<at]
            let domain = bytes[(at + 1)...]
            return FormatCheckers.isLocalPart(local) && FormatCheckers.isMailDomain(domain)
        }
    }

    private static func isLocalPart(_ bytes: UTF8Bytes) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 64 else { return false }
        if bytes.first == UInt8(ascii: "\"") {
            guard bytes.count >= 2, bytes.last == UInt8(ascii: "\"") else { return false }
            var escaped = false
            for byte in bytes.dropFirst().dropLast() {
                if escaped {
                    guard (0x20...0x7E).contains(byte) else { return false }
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") || !(0x20...0x7E).contains(byte) {
                    return false
                }
            }
            return !escaped
        }
        var previousWasDot = true  // a leading dot is invalid
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if previousWasDot { return false }
                previousWasDot = true
            } else {
                guard FormatCheckers.isAtext(byte) else { return false }
                previousWasDot = false
            }
        }
        return !previousWasDot
    }

    private static func isAtext(_ byte: UInt8) -> Bool {
        if FormatCheckers.isAlpha(byte) || FormatCheckers.isDigit(byte) { return true }
        return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }

    private static func isMailDomain(_ bytes: UTF8Bytes) -> Bool {
        guard bytes.first == UInt8(ascii: "[") else { return FormatCheckers.isHostname(bytes) }
        guard bytes.count >= 3, bytes.last == UInt8(ascii: "]") else { return false }
        let literal = bytes.dropFirst().dropLast()
        let prefix = Array("IPv6:".utf8)
        if literal.starts(with: prefix) { return FormatCheckers.isIPv6(literal.dropFirst(prefix.count)) }
        return FormatCheckers.isIPv4(literal)
    }

    /// An RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens.
    static func isHostname(_ bytes: some Collection<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        var labelLength = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
                labelLength = 0
            } else {
                guard FormatCheckers.isAlpha(byte) || FormatCheckers.isDigit(byte) || byte == UInt8(ascii: "-") else {
                    return false
                }
                if byte == UInt8(ascii: "-"), labelLength == 0 { return false }
                labelLength += 1
                guard labelLength <= 63 else { return false }
            }
            previous = byte
        }
        return labelLength > 0 && previous != UInt8(ascii: "-")
    }

    /// A dotted-quad IPv4 address without leading zeros.
    static func isIPv4(_ bytes: some Collection<UInt8>) -> Bool {
        var parts = 0
        var value = 0
        var digits = 0
        var firstDigit: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, !(digits > 1 && firstDigit == UInt8(ascii: "0")) else { return false }
                parts += 1
                value = 0
                digits = 0
            } else {
                guard FormatCheckers.isDigit(byte) else { return false }
                if digits == 0 { firstDigit = byte }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3, value <= 255 else { return false }
            }
        }
        guard digits > 0, !(digits > 1 && firstDigit == UInt8(ascii: "0")) else { return false }
        return parts == 3
    }

    /// An RFC 4291 IPv6 address (`::` compression and a trailing IPv4 part allowed).
    static func isIPv6(_ bytes: some Collection<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        let text = Array(bytes)
        var groups = 0
        var compressed = false
        var index = 0
        if text.starts(with: [UInt8(ascii: ":"), UInt8(ascii: ":")]) {
            compressed = true
            index = 2
            if index == text.count { return true }
        } else if text.first == UInt8(ascii: ":") {
            return false
        }
        while index < text.count {
            var end = index
            while end < text.count, text[end] != UInt8(ascii: ":") { end += 1 }
            let group = text[index..<end]
            if end == text.count, group.contains(UInt8(ascii: ".")) {
                guard FormatCheckers.isIPv4(group) else { return false }
                groups += 2
                break
            }
            guard (1...4).contains(group.count), group.allSatisfy(FormatCheckers.isHexDigit) else { return false }
            groups += 1
            if end == text.count { break }
            // `end` is at a colon.
            if end + 1 < text.count, text[end + 1] == UInt8(ascii: ":") {
                guard !compressed else { return false }
                compressed = true
                index = end + 2
                if index == text.count { break }
            } else {
                guard end + 1 < text.count else { return false }
                index = end + 1
            }
        }
        return compressed ? groups <= 7 : groups == 8
    }
}
