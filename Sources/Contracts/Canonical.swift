import Foundation
import JSONSchema

/// A canonical text form of JSON values (sorted keys, one number spelling), to compare schemas.
enum Canonical {
    static func text(_ value: JSONValue?) -> String {
        guard let value else { return "" }
        var output = ""
        self.write(value, into: &output)
        return output
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }

    private static func write(_ value: JSONValue, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let b): output += b ? "true" : "false"
        case .number(let n): output += self.number(n.doubleValue)
        case .string(let s): output += "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .array(let values):
            output += "["
            for (index, element) in values.enumerated() {
                if index > 0 { output += "," }
                self.write(element, into: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (index, member) in object.members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output += "," }
                output += "\"" + member.key + "\":"
                self.write(member.value, into: &output)
            }
            output += "}"
        }
    }
}
