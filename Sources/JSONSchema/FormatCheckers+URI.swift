extension FormatCheckers {
    /// `uri`: an absolute URI per RFC 3986 (`scheme ":" hier-part ["?" query] ["#" fragment]`),
    /// ASCII only, with valid percent-escapes, host and port.
    @Sendable
    public static func isURI(_ string: String) -> Bool {
        FormatCheckers.withBytes(string) { bytes in
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > bytes.startIndex else { return false }
            let scheme = bytes[bytes.startIndex..<colon]
            guard FormatCheckers.isAlpha(scheme[scheme.startIndex]),
                scheme.allSatisfy({
                    FormatCheckers.isAlpha($0) || FormatCheckers.isDigit($0) || "+-.".utf8.contains($0)
                })
            else { return false }
            var rest = bytes[(colon + 1)...]
            if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
                guard FormatCheckers.isURIText(rest[(hash + 1)...], extra: "/?") else { return false }
                rest = rest[rest.startIndex..<hash]
            }
            if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
                guard FormatCheckers.isURIText(rest[(question + 1)...], extra: "/?") else { return false }
                rest = rest[rest.startIndex..<question]
            }
            if rest.starts(with: "//".utf8) {
                let afterSlashes = rest.dropFirst(2)
                let end = afterSlashes.firstIndex(of: UInt8(ascii: "/")) ?? afterSlashes.endIndex
                guard FormatCheckers.isAuthority(afterSlashes[afterSlashes.startIndex..<end]) else { return false }
                rest = afterSlashes[end...]
            }
            return FormatCheckers.isURIText(rest, extra: "/")
        }
    }

    /// Whether every byte is a `pchar` (unreserved, sub-delim, `:`, `@`, `%XX`) or one of `extra`.
    private static func isURIText(_ bytes: UTF8Bytes, extra: StaticString, allowColonAndAt: Bool = true) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, FormatCheckers.isHexDigit(bytes[index + 1]),
                    FormatCheckers.isHexDigit(bytes[index + 2])
                else { return false }
                index += 3
                continue
            }
            let allowed =
                FormatCheckers.isUnreserved(byte) || FormatCheckers.isSubDelimiter(byte)
                || (allowColonAndAt && (byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@")))
                || UnsafeBufferPointer(start: extra.utf8Start, count: extra.utf8CodeUnitCount).contains(byte)
            guard allowed else { return false }
            index += 1
        }
        return true
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        FormatCheckers.isAlpha(byte) || FormatCheckers.isDigit(byte) || "-._~".utf8.contains(byte)
    }

    private static func isSubDelimiter(_ byte: UInt8) -> Bool {
        "!$&'()*+,;=".utf8.contains(byte)
    }

    /// `[userinfo "@"] host [":" port]`.
    private static func isAuthority(_ bytes: UTF8Bytes) -> Bool {
        var hostPart = bytes
        if let at = bytes.lastIndex(of: UInt8(ascii: "@")) {
            guard FormatCheckers.isURIText(bytes[bytes.startIndex..<at], extra: ":", allowColonAndAt: false) else {
                return false
            }
            hostPart = bytes[(at + 1)...]
        }
        if hostPart.first == UInt8(ascii: "[") {
            guard let close = hostPart.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = hostPart[(hostPart.startIndex + 1)..<close]
            let isFuture = literal.first.map { $0 | 0x20 == UInt8(ascii: "v") } ?? false
            guard isFuture ? literal.count > 3 : FormatCheckers.isIPv6(literal) else { return false }
            let port = hostPart[(close + 1)...]
            return port.isEmpty
                || (port.first == UInt8(ascii: ":") && port.dropFirst().allSatisfy(FormatCheckers.isDigit))
        }
        var host = hostPart
        if let colon = hostPart.firstIndex(of: UInt8(ascii: ":")) {
            guard hostPart[(colon + 1)...].allSatisfy(FormatCheckers.isDigit) else { return false }
            host = hostPart[hostPart.startIndex..<colon]
        }
        return FormatCheckers.isURIText(host, extra: "", allowColonAndAt: false)
    }
}
