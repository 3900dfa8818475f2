import Foundation
import JSONSchema

/// Target `json`: the JSON value parser of `JSONSchema` (the one every payload and schema goes through).
///
/// Checks: no crash on any bytes (`Data`, `[UInt8]` and `String` entry points agree); a parsed value written
/// back (`jsonString`, compact and pretty) parses again to an equal value with an equal hash; a refusal has an
/// offset inside the input.
enum JSONFuzz {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        let array = Array(bytes)
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: array)
        } catch {
            fuzzCheck(error.offset >= 0 && error.offset <= array.count, "error offset \(error.offset) outside 0...\(array.count)")
            fuzzCheck(!error.reason.isEmpty, "an error without a reason")
            fuzzCheck((try? JSONValue(parsing: Data(array))) == nil, "Data entry point accepts what [UInt8] refuses")
            return
        }
        fuzzCheck((try? JSONValue(parsing: Data(array))) == parsed, "Data entry point disagrees with [UInt8]")
        // Valid JSON is valid UTF-8 only outside strings escapes; the String entry point sees repaired text.
        if let text = String(validating: array, as: UTF8.self) {
            fuzzCheck((try? JSONValue(parsing: text)) == parsed, "String entry point disagrees with [UInt8]")
        }
        for pretty in [false, true] {
            let written = parsed.jsonString(pretty: pretty)
            let again: JSONValue
            do {
                again = try JSONValue(parsing: written)
            } catch {
                fatalError("the parser refuses what the writer wrote (pretty: \(pretty)): \(error)\n\(written)")
            }
            fuzzCheck(again == parsed, "written and parsed again, the value changed (pretty: \(pretty))")
            fuzzCheck(again.hashValue == parsed.hashValue, "equal values hash differently")
        }
        // The Codable bridge (contract types go through JSONDecoder).
        if let data = try? JSONEncoder().encode(parsed), let decoded = try? JSONDecoder().decode(JSONValue.self, from: data) {
            fuzzCheck(self.sameWithinDoublePrecision(decoded, parsed), "JSONValue through JSONEncoder/JSONDecoder changed: \(parsed.jsonString().prefix(500)) -> \(decoded.jsonString().prefix(500))")
        }
    }

    /// Equality where numbers compare as doubles: Foundation reads `-9.223372066666666e+17` as the exact integer
    /// the text denotes, our parser as the nearest double; both are the text's number within double precision.
    static func sameWithinDoublePrecision(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return x.doubleValue == y.doubleValue
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { self.sameWithinDoublePrecision($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.members.allSatisfy { member in
                y[member.key].map { self.sameWithinDoublePrecision(member.value, $0) } ?? false
            }
        default:
            return a == b
        }
    }
}
