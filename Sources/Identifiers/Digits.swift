/// Digit helpers shared by the validators. They read the string's UTF-8 bytes, so they never strip spaces,
/// never accept non-ASCII digits and never go through an integer (leading zeros survive).
enum Digits {
    /// The digit values of `string` if it is made only of ASCII digits `0`–`9`, else `nil`.
    static func values(of string: String) -> [Int]? {
        var result: [Int] = []
        result.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            result.append(Int(byte - UInt8(ascii: "0")))
        }
        return result
    }

    /// Luhn: from the rightmost digit, double every second digit, subtract 9 above 9, sum; valid when the
    /// total is a multiple of 10.
    static func luhnIsValid(_ digits: [Int]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    /// The remainder of the decimal number written by `digits` divided by `divisor`, computed digit by
    /// digit (no integer conversion of the whole value).
    static func remainder(of digits: [Int], dividingBy divisor: Int) -> Int {
        digits.reduce(0) { ($0 * 10 + $1) % divisor }
    }

    /// Checks length and digits, throwing the matching ``IdentifierError``.
    static func require(_ string: String, count: Int, field: String) throws(IdentifierError) -> [Int] {
        guard string.utf8.count == count else {
            throw IdentifierError(.wrongLength, field: field, rule: "exactly \(count) ASCII digits", value: string)
        }
        guard let digits = values(of: string) else {
            throw IdentifierError(.notDigits, field: field, rule: "exactly \(count) ASCII digits", value: string)
        }
        return digits
    }
}
