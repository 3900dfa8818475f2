extension Sequence where Element == UInt8 {
    /// The bytes in lowercase hexadecimal, two digits each.
    var lowercaseHex: String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }
}
