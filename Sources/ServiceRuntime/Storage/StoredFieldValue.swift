import Foundation
import Messaging

/// One AMQP header value in JSON with its kind kept (see ``StoredProperties``).
///
/// A float or double that JSON cannot write (NaN, ±infinity) is stored as the string `NaN`, `Infinity` or
/// `-Infinity` under its kind, and read back as the same value.
struct StoredFieldValue: Codable, Sendable, Hashable {
    var value: AMQPFieldValue

    init(_ value: AMQPFieldValue) {
        self.value = value
    }

    private enum CodingKeys: String, CodingKey {
        case type, value, scale
    }

    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.value = .string(text)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .type)
        switch kind {
        case "boolean": self.value = .boolean(try c.decode(Bool.self, forKey: .value))
        case "int8": self.value = .int8(try c.decode(Int8.self, forKey: .value))
        case "uint8": self.value = .uint8(try c.decode(UInt8.self, forKey: .value))
        case "int16": self.value = .int16(try c.decode(Int16.self, forKey: .value))
        case "uint16": self.value = .uint16(try c.decode(UInt16.self, forKey: .value))
        case "int32": self.value = .int32(try c.decode(Int32.self, forKey: .value))
        case "uint32": self.value = .uint32(try c.decode(UInt32.self, forKey: .value))
        case "int64": self.value = .int64(try c.decode(Int64.self, forKey: .value))
        case "uint64": self.value = .uint64(try c.decode(UInt64.self, forKey: .value))
        case "float": self.value = .float(Float(try Self.decodeFloatingPoint(c)))
        case "double": self.value = .double(try Self.decodeFloatingPoint(c))
        case "decimal":
            self.value = .decimal(AMQPDecimal(scale: try c.decode(UInt8.self, forKey: .scale), value: try c.decode(UInt32.self, forKey: .value)))
        case "bytes":
            let text = try c.decode(String.self, forKey: .value)
            guard let data = Data(base64Encoded: text) else {
                throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: "bytes must be base64")
            }
            self.value = .bytes(Array(data))
        case "timestamp": self.value = .timestamp(try c.decode(UInt64.self, forKey: .value))
        case "array": self.value = .array(try c.decode([StoredFieldValue].self, forKey: .value).map(\.value))
        case "table":
            let entries = try c.decode([String: StoredFieldValue].self, forKey: .value)
            self.value = .table(AMQPTable(entries.sorted { $0.key < $1.key }.map { AMQPTable.Entry(key: $0.key, value: $0.value.value) }))
        case "void": self.value = .void
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown header kind \(kind)")
        }
    }

    func encode(to encoder: any Encoder) throws {
        if case .string(let text) = self.value {
            var single = encoder.singleValueContainer()
            try single.encode(text)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self.value {
        case .string: break
        case .boolean(let v): try c.encode("boolean", forKey: .type); try c.encode(v, forKey: .value)
        case .int8(let v): try c.encode("int8", forKey: .type); try c.encode(v, forKey: .value)
        case .uint8(let v): try c.encode("uint8", forKey: .type); try c.encode(v, forKey: .value)
        case .int16(let v): try c.encode("int16", forKey: .type); try c.encode(v, forKey: .value)
        case .uint16(let v): try c.encode("uint16", forKey: .type); try c.encode(v, forKey: .value)
        case .int32(let v): try c.encode("int32", forKey: .type); try c.encode(v, forKey: .value)
        case .uint32(let v): try c.encode("uint32", forKey: .type); try c.encode(v, forKey: .value)
        case .int64(let v): try c.encode("int64", forKey: .type); try c.encode(v, forKey: .value)
        case .uint64(let v): try c.encode("uint64", forKey: .type); try c.encode(v, forKey: .value)
        case .float(let v): try c.encode("float", forKey: .type); try Self.encodeFloatingPoint(Double(v), float: v, in: &c)
        case .double(let v): try c.encode("double", forKey: .type); try Self.encodeFloatingPoint(v, float: nil, in: &c)
        case .decimal(let v):
            try c.encode("decimal", forKey: .type); try c.encode(v.value, forKey: .value); try c.encode(v.scale, forKey: .scale)
        case .bytes(let v): try c.encode("bytes", forKey: .type); try c.encode(Data(v).base64EncodedString(), forKey: .value)
        case .timestamp(let v): try c.encode("timestamp", forKey: .type); try c.encode(v, forKey: .value)
        case .array(let v): try c.encode("array", forKey: .type); try c.encode(v.map(StoredFieldValue.init), forKey: .value)
        case .table(let t):
            try c.encode("table", forKey: .type)
            var entries: [String: StoredFieldValue] = [:]
            for entry in t { entries[entry.key] = StoredFieldValue(entry.value) }
            try c.encode(entries, forKey: .value)
        case .void: try c.encode("void", forKey: .type)
        }
    }

    private static let nonFinite: [String: Double] = ["NaN": .nan, "Infinity": .infinity, "-Infinity": -.infinity]

    private static func encodeFloatingPoint(
        _ value: Double, float: Float?, in c: inout KeyedEncodingContainer<CodingKeys>
    ) throws {
        if value.isNaN {
            try c.encode("NaN", forKey: .value)
        } else if value.isInfinite {
            try c.encode(value > 0 ? "Infinity" : "-Infinity", forKey: .value)
        } else if let float {
            try c.encode(float, forKey: .value)
        } else {
            try c.encode(value, forKey: .value)
        }
    }

    private static func decodeFloatingPoint(_ c: KeyedDecodingContainer<CodingKeys>) throws -> Double {
        if let text = try? c.decode(String.self, forKey: .value) {
            guard let value = Self.nonFinite[text] else {
                throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: "not a number: \(text)")
            }
            return value
        }
        return try c.decode(Double.self, forKey: .value)
    }
}
