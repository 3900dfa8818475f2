/// NAF (APE) codes and the patterns match filters use (domain §1.3, §5.2). Codes stay strings.
public enum NAFCode {
    /// Whether `code` is a full NAF rev. 2 code: `NN.NNL`, e.g. `62.01Z`, `56.10A`.
    public static func isValid(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        return bytes.count == 6 && self.isDigit(bytes[0]) && self.isDigit(bytes[1]) && bytes[2] == UInt8(ascii: ".")
            && self.isDigit(bytes[3]) && self.isDigit(bytes[4]) && bytes[5] >= UInt8(ascii: "A")
            && bytes[5] <= UInt8(ascii: "Z")
    }

    /// Whether `pattern` may be written in a filter: a full code (`56.10A`) or a prefix cut at a level of the
    /// nomenclature: division `56`, group `56.1`, class `56.10`. Anything else (`5`, `56.`, `5610`) is refused.
    public static func isValidPattern(_ pattern: String) -> Bool {
        let bytes = Array(pattern.utf8)
        switch bytes.count {
        case 2: return bytes.allSatisfy(self.isDigit)
        case 4, 5:
            return self.isDigit(bytes[0]) && self.isDigit(bytes[1]) && bytes[2] == UInt8(ascii: ".")
                && bytes[3...].allSatisfy(self.isDigit)
        case 6: return self.isValid(pattern)
        default: return false
        }
    }

    /// Whether `code` matches `pattern`: equal, or starting with it (`56.10A` matches `56`, `56.1`, `56.10` and
    /// `56.10A`, not `56.2`).
    public static func matches(_ code: String, pattern: String) -> Bool {
        code.hasPrefix(pattern)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
