import Foundation

/// A POSIX ustar archive built in memory: a DCE download, an ACTES package.
public struct TarArchive: Sendable {
    public private(set) var data = Data()

    public init() {}

    public mutating func add(name: String, content: Data, modified: Date) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, length: Int) {
            let bytes = Array(text.utf8.prefix(length))
            header.replaceSubrange(offset..<offset + bytes.count, with: bytes)
        }
        func octal(_ value: Int, at offset: Int, length: Int) {
            put(String(String(value, radix: 8).suffix(length - 1)).leftPadded(to: length - 1), at: offset, length: length - 1)
        }
        put(name, at: 0, length: 100)
        octal(0o644, at: 100, length: 8)
        octal(0, at: 108, length: 8)
        octal(0, at: 116, length: 8)
        octal(content.count, at: 124, length: 12)
        octal(Int(modified.timeIntervalSince1970), at: 136, length: 12)
        header.replaceSubrange(148..<156, with: [UInt8](repeating: 0x20, count: 8))
        header[156] = UInt8(ascii: "0")
        put("ustar", at: 257, length: 6)
        put("00", at: 263, length: 2)
        put("passerelle", at: 265, length: 32)
        put("passerelle", at: 297, length: 32)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(String(checksum, radix: 8).leftPadded(to: 6), at: 148, length: 6)
        header[154] = 0
        header[155] = 0x20
        self.data.append(contentsOf: header)
        self.data.append(content)
        let padding = (512 - content.count % 512) % 512
        self.data.append(contentsOf: [UInt8](repeating: 0, count: padding))
    }

    public func finished() -> Data {
        self.data + Data(count: 1024)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        self.count >= length ? self : String(repeating: "0", count: length - self.count) + self
    }
}
