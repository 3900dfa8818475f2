import Foundation

#if PASSERELLE_FUZZ
// The wire codec (`FieldTableWire`, rabbitmq-c's amqp_encode_table / amqp_decode_table) is internal. The fuzz
// build is a debug build, compiled with testability; the plain (and release) builds go without the wire path.
@testable import Messaging
#else
import Messaging
#endif

/// An AMQP delivery (properties, headers, body) built from fuzz bytes: what a consumer gets from the broker.
///
/// Two encodings, chosen by the first byte:
/// - `0x00`, then AMQP 0-9-1 field-table bytes (4-byte length, entries): decoded by rabbitmq-c and converted
///   as a real delivery's headers are (fuzz build only);
/// - otherwise records separated by `0xFF` (see ``FuzzRecord``):
///   - `@name\u{FE}value` sets a basic property: `message_id`, `app_id`, `type`, `content_type`,
///     `correlation_id`, `timestamp` (seconds), `user_id`, `reply_to`, `expiration`, `content_encoding`;
///     other names are target parameters (`consumer_queue`, `parking_queue`, `delivery_limit`);
///   - `#bytes` is the body;
///   - `<kind>key\u{FE}value` adds a header, `kind` an AMQP field type letter (`t b B s u I i l L f d D S x T V`);
///     numbers are decimal text or little-endian bytes; `A` and `F` open an array or a table that a record `]`
///     closes (inside an array the key is ignored).
struct FuzzDelivery {
    var properties = AMQPProperties(deliveryMode: nil)
    var body: [UInt8] = []
    var parameters: [String: String] = [:]
    /// Whether the headers came through rabbitmq-c's decoder.
    var fromWire = false

    static let keySeparator: UInt8 = 0xFE
    static let maximumDepth = 6
    static let maximumEntries = 128

    init(_ bytes: UnsafeRawBufferPointer) {
        if bytes.first == 0 {
            self.fromWire = true
            #if PASSERELLE_FUZZ
            if let table = try? FieldTableWire.decode(Array(bytes.dropFirst())) {
                self.properties.headers = table
            }
            #endif
            return
        }
        var stack: [(key: String, table: [AMQPTable.Entry], array: [AMQPFieldValue], isArray: Bool)] = []
        var top: [AMQPTable.Entry] = []
        var entries = 0
        func add(_ key: String, _ value: AMQPFieldValue) {
            if var last = stack.popLast() {
                if last.isArray { last.array.append(value) } else { last.table.append(.init(key: key, value: value)) }
                stack.append(last)
            } else {
                top.append(.init(key: key, value: value))
            }
        }
        func close() {
            guard let last = stack.popLast() else { return }
            add(last.key, last.isArray ? .array(last.array) : .table(AMQPTable(last.table)))
        }
        for record in FuzzRecord.split(bytes) {
            let (key, value) = Self.keyValue(record.payload)
            switch record.tag {
            case UInt8(ascii: "@"):
                self.setProperty(String(decoding: key, as: UTF8.self), value)
            case UInt8(ascii: "#"):
                self.body = Array(record.payload)
            case UInt8(ascii: "]"):
                close()
            case UInt8(ascii: "A"), UInt8(ascii: "F"):
                guard stack.count < Self.maximumDepth else { continue }
                stack.append((String(decoding: key, as: UTF8.self), [], [], record.tag == UInt8(ascii: "A")))
            default:
                guard entries < Self.maximumEntries, let field = Self.fieldValue(kind: record.tag, value) else { continue }
                entries += 1
                add(String(decoding: key, as: UTF8.self), field)
            }
        }
        while !stack.isEmpty { close() }
        self.properties.headers = AMQPTable(top)
    }

    static func keyValue(_ payload: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        guard let separator = payload.firstIndex(of: Self.keySeparator) else { return (payload, []) }
        return (payload[..<separator], payload[(separator + 1)...])
    }

    mutating func setProperty(_ name: String, _ value: ArraySlice<UInt8>) {
        let text = String(decoding: value, as: UTF8.self)
        switch name {
        case "message_id": self.properties.messageID = text
        case "app_id": self.properties.appID = text
        case "type": self.properties.type = text
        case "content_type": self.properties.contentType = text
        case "content_encoding": self.properties.contentEncoding = text
        case "correlation_id": self.properties.correlationID = text
        case "user_id": self.properties.userID = text
        case "reply_to": self.properties.replyTo = text
        case "expiration": self.properties.expiration = text
        // As rabbitmq-c hands it over: a 64-bit count of seconds.
        case "timestamp": self.properties.timestamp = Date(timeIntervalSince1970: TimeInterval(value.integer(UInt64.self)))
        default: self.parameters[name] = text
        }
    }

    /// A header value of AMQP type letter `kind`, nil for an unknown letter.
    static func fieldValue(kind: UInt8, _ value: ArraySlice<UInt8>) -> AMQPFieldValue? {
        switch kind {
        case UInt8(ascii: "t"): return .boolean(!value.isEmpty && value.first != UInt8(ascii: "0") && value.first != UInt8(ascii: "f"))
        case UInt8(ascii: "b"): return .int8(value.integer())
        case UInt8(ascii: "B"): return .uint8(value.integer())
        case UInt8(ascii: "s"): return .int16(value.integer())
        case UInt8(ascii: "u"): return .uint16(value.integer())
        case UInt8(ascii: "I"): return .int32(value.integer())
        case UInt8(ascii: "i"): return .uint32(value.integer())
        case UInt8(ascii: "l"): return .int64(value.integer())
        case UInt8(ascii: "L"): return .uint64(value.integer())
        case UInt8(ascii: "f"): return .float(Float(value.double))
        case UInt8(ascii: "d"): return .double(value.double)
        case UInt8(ascii: "D"): return .decimal(AMQPDecimal(scale: value.first ?? 0, value: value.dropFirst().integer()))
        case UInt8(ascii: "S"): return .string(String(decoding: value, as: UTF8.self))
        case UInt8(ascii: "x"): return .bytes(Array(value))
        case UInt8(ascii: "T"): return .timestamp(value.integer())
        case UInt8(ascii: "V"): return .void
        default: return nil
        }
    }

    /// Encodes a delivery in the record format (the seed writer).
    static func records(properties: [(String, String)] = [], headers: AMQPTable, body: [UInt8] = []) -> [UInt8] {
        var records: [(Character, [UInt8])] = properties.map { ("@", Array($0.0.utf8) + [Self.keySeparator] + Array($0.1.utf8)) }
        func append(_ key: String, _ value: AMQPFieldValue) {
            func plain(_ letter: Character, _ text: String) {
                records.append((letter, Array(key.utf8) + [Self.keySeparator] + Array(text.utf8)))
            }
            switch value {
            case .boolean(let v): plain("t", v ? "1" : "0")
            case .int8(let v): plain("b", "\(v)")
            case .uint8(let v): plain("B", "\(v)")
            case .int16(let v): plain("s", "\(v)")
            case .uint16(let v): plain("u", "\(v)")
            case .int32(let v): plain("I", "\(v)")
            case .uint32(let v): plain("i", "\(v)")
            case .int64(let v): plain("l", "\(v)")
            case .uint64(let v): plain("L", "\(v)")
            case .float(let v): plain("f", "\(v)")
            case .double(let v): plain("d", "\(v)")
            case .decimal(let v):
                records.append(("D", Array(key.utf8) + [Self.keySeparator, v.scale] + Array("\(v.value)".utf8)))
            case .string(let v): plain("S", v)
            case .bytes(let v): records.append(("x", Array(key.utf8) + [Self.keySeparator] + v))
            case .timestamp(let v): plain("T", "\(v)")
            case .void: plain("V", "")
            case .array(let values):
                records.append(("A", Array(key.utf8)))
                for element in values { append("", element) }
                records.append(("]", []))
            case .table(let table):
                records.append(("F", Array(key.utf8)))
                for entry in table { append(entry.key, entry.value) }
                records.append(("]", []))
            }
        }
        for entry in headers { append(entry.key, entry.value) }
        if !body.isEmpty { records.append(("#", body)) }
        return FuzzRecord.join(records)
    }

    #if PASSERELLE_FUZZ
    /// The table through rabbitmq-c's encoder and decoder, as it travels to the broker and back; nil when
    /// rabbitmq-c refuses to encode it.
    static func throughTheWire(_ table: AMQPTable) -> AMQPTable? {
        // Reported (docs/fuzzing.md), not fixed here: a key is a short string (length in one byte), but a key
        // over 255 bytes is encoded without error into a table rabbitmq-c's decoder refuses (a broker would
        // close the connection). The broker never delivers such keys; skip them.
        guard self.keysFitTheWire(table), let bytes = try? FieldTableWire.encode(table) else { return nil }
        do {
            return try FieldTableWire.decode(bytes)
        } catch {
            fatalError("rabbitmq-c cannot decode what it encoded: \(error)")
        }
    }

    /// Whether every key, nested ones too, is an AMQP short string (at most 255 bytes).
    static func keysFitTheWire(_ table: AMQPTable) -> Bool {
        func fits(_ value: AMQPFieldValue) -> Bool {
            switch value {
            case .table(let nested): return self.keysFitTheWire(nested)
            case .array(let values): return values.allSatisfy(fits)
            default: return true
            }
        }
        return table.allSatisfy { $0.key.utf8.count <= 255 && fits($0.value) }
    }

    static func wireBytes(_ table: AMQPTable) -> [UInt8]? {
        try? FieldTableWire.encode(table)
    }
    #endif
}
