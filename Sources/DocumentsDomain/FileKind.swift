/// A file's type read from its first bytes (domain §3.5: the content decides, never the extension).
public enum FileKind: String, Sendable, Hashable, Codable {
    case pdf, xml, png, jpeg

    public var fileExtension: String { self == .jpeg ? "jpg" : self.rawValue }

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .xml: "application/xml"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    /// nil when the content is none of the four.
    public static func sniff<Bytes: Collection<UInt8>>(_ head: Bytes) -> FileKind? {
        var bytes = Array(head.prefix(64))
        if bytes.starts(with: [0x25, 0x50, 0x44, 0x46, 0x2D]) { return .pdf }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if text.first == UInt8(ascii: "<"), let second = text.dropFirst().first,
            second == UInt8(ascii: "?") || second == UInt8(ascii: "!") || (second | 0x20 >= 0x61 && second | 0x20 <= 0x7A)
        {
            return .xml
        }
        return nil
    }
}
