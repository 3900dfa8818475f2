public import Foundation

extension JSONValue: Codable {
    /// Decodes any JSON value from a decoder (for example `JSONDecoder`).
    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        if let keyed = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var object = JSONObject()
            for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(object)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int64.self) {
            self = .number(.integer(value))
        } else if let value = try? single.decode(Double.self) {
            self = .number(.double(value))
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    /// Encodes the value; object members are written in insertion order.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .number(.integer(let value)):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .number(.double(let value)):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let elements):
            var unkeyed = encoder.unkeyedContainer()
            for element in elements { try unkeyed.encode(element) }
        case .object(let object):
            var keyed = encoder.container(keyedBy: AnyCodingKey.self)
            for member in object.members { try keyed.encode(member.value, forKey: AnyCodingKey(member.key)) }
        }
    }

    /// Converts any `Encodable` value into a `JSONValue` by encoding it with `encoder` and parsing the result.
    ///
    /// The encoder's strategies (dates, keys, data) apply, so the value looks exactly as it would
    /// on the wire.
    public init(encoding value: some Encodable, encoder: JSONEncoder = JSONEncoder()) throws {
        let data = try encoder.encode(value)
        self = try JSONValue(parsing: data)
    }
}

/// A coding key for arbitrary member names.
private struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { self.stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}
