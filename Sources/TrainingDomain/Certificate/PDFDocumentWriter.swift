import Foundation

/// Writes a PDF file object by object, keeping each object's byte offset for the cross-reference table.
struct PDFDocumentWriter {
    private var bytes: [UInt8] = Array("%PDF-1.4\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
    private var offsets: [Int] = []

    /// Object `number`, which must follow the previous one (1, 2, 3…); `body` is ASCII.
    mutating func object(_ number: Int, _ body: String) {
        self.begin(number)
        self.bytes += Array(body.utf8)
        self.bytes += Array("\nendobj\n".utf8)
    }

    /// A stream object with its exact `/Length`, uncompressed.
    mutating func stream(_ number: Int, _ content: [UInt8]) {
        self.begin(number)
        self.bytes += Array("<< /Length \(content.count) >>\nstream\n".utf8)
        self.bytes += content
        self.bytes += Array("\nendstream\nendobj\n".utf8)
    }

    /// The file: the objects, the xref table (20-byte entries), the trailer and `%%EOF`.
    func finish(root: Int, info: Int) -> Data {
        var bytes = self.bytes
        let xref = bytes.count
        var tail = "xref\n0 \(self.offsets.count + 1)\n0000000000 65535 f \n"
        for offset in self.offsets {
            tail += ICalendarValue.digits(offset, 10) + " 00000 n \n"
        }
        tail += "trailer\n<< /Size \(self.offsets.count + 1) /Root \(root) 0 R /Info \(info) 0 R >>\n"
        tail += "startxref\n\(xref)\n%%EOF\n"
        bytes += Array(tail.utf8)
        return Data(bytes)
    }

    private mutating func begin(_ number: Int) {
        precondition(number == self.offsets.count + 1, "PDF objects are written in order, got \(number)")
        self.offsets.append(self.bytes.count)
        self.bytes += Array("\(number) 0 obj\n".utf8)
    }
}
