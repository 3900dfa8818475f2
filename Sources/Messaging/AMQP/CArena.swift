internal import CRabbitMQ
import Foundation

/// C memory for one call into rabbitmq-c: strings, byte arrays and field tables built from Swift values.
///
/// Everything allocated here lives until the arena is reset or released, so pointers handed to rabbitmq-c
/// stay valid for the whole call. The arena is confined to the connection thread, like the connection.
final class CArena {
    /// One block reused across calls: allocations bump a pointer, ``reset()`` rewinds it.
    private let block: UnsafeMutableRawPointer
    private let capacity: Int
    private var used = 0
    /// Allocations that did not fit in the block.
    private var overflow: [UnsafeMutableRawPointer] = []

    init(capacity: Int = 4096) {
        self.capacity = capacity
        guard let block = malloc(capacity) else {
            fatalError("out of memory allocating an AMQP arena of \(capacity) bytes")
        }
        self.block = block
    }

    deinit {
        self.reset()
        free(self.block)
    }

    /// Releases everything allocated so far; the pointers handed out become invalid.
    func reset() {
        self.used = 0
        for pointer in self.overflow {
            free(pointer)
        }
        self.overflow.removeAll(keepingCapacity: true)
    }

    /// Copies raw bytes into C memory.
    func bytes(_ source: UnsafeRawBufferPointer) -> amqp_bytes_t {
        guard source.count > 0, let base = source.baseAddress else {
            return passerelle_empty_bytes()
        }
        let pointer = self.allocate(source.count)
        pointer.copyMemory(from: base, byteCount: source.count)
        return amqp_bytes_t(len: source.count, bytes: pointer)
    }

    /// Copies a string's UTF-8 bytes (without a terminating NUL, as AMQP strings have none).
    func bytes(_ string: String) -> amqp_bytes_t {
        var string = string
        return string.withUTF8 { self.bytes(UnsafeRawBufferPointer($0)) }
    }

    /// Copies a byte array.
    func bytes(_ array: [UInt8]) -> amqp_bytes_t {
        array.withUnsafeBytes { self.bytes($0) }
    }

    /// Builds a C field table, recursively.
    func table(_ table: AMQPTable) -> amqp_table_t {
        guard !table.isEmpty else { return passerelle_empty_table() }
        let entries = self.allocate(MemoryLayout<amqp_table_entry_t>.stride * table.count)
            .bindMemory(to: amqp_table_entry_t.self, capacity: table.count)
        for (index, entry) in table.entries.enumerated() {
            entries[index] = amqp_table_entry_t(key: self.bytes(entry.key), value: self.fieldValue(entry.value))
        }
        return amqp_table_t(num_entries: Int32(table.count), entries: entries)
    }

    /// Builds a C field value, recursively.
    func fieldValue(_ value: AMQPFieldValue) -> amqp_field_value_t {
        var field = amqp_field_value_t()
        switch value {
        case .boolean(let v):
            field.kind = UInt8(ascii: "t")
            field.value.boolean = v ? 1 : 0
        case .int8(let v):
            field.kind = UInt8(ascii: "b")
            field.value.i8 = v
        case .uint8(let v):
            field.kind = UInt8(ascii: "B")
            field.value.u8 = v
        case .int16(let v):
            field.kind = UInt8(ascii: "s")
            field.value.i16 = v
        case .uint16(let v):
            field.kind = UInt8(ascii: "u")
            field.value.u16 = v
        case .int32(let v):
            field.kind = UInt8(ascii: "I")
            field.value.i32 = v
        case .uint32(let v):
            field.kind = UInt8(ascii: "i")
            field.value.u32 = v
        case .int64(let v):
            field.kind = UInt8(ascii: "l")
            field.value.i64 = v
        case .uint64(let v):
            field.kind = UInt8(ascii: "L")
            field.value.u64 = v
        case .float(let v):
            field.kind = UInt8(ascii: "f")
            field.value.f32 = v
        case .double(let v):
            field.kind = UInt8(ascii: "d")
            field.value.f64 = v
        case .decimal(let v):
            field.kind = UInt8(ascii: "D")
            field.value.decimal = amqp_decimal_t(decimals: v.scale, value: v.value)
        case .string(let v):
            field.kind = UInt8(ascii: "S")
            field.value.bytes = self.bytes(v)
        case .bytes(let v):
            field.kind = UInt8(ascii: "x")
            field.value.bytes = self.bytes(v)
        case .timestamp(let v):
            field.kind = UInt8(ascii: "T")
            field.value.u64 = v
        case .array(let values):
            field.kind = UInt8(ascii: "A")
            field.value.array = self.array(values)
        case .table(let nested):
            field.kind = UInt8(ascii: "F")
            field.value.table = self.table(nested)
        case .void:
            field.kind = UInt8(ascii: "V")
        }
        return field
    }

    private func array(_ values: [AMQPFieldValue]) -> amqp_array_t {
        guard !values.isEmpty else { return amqp_array_t(num_entries: 0, entries: nil) }
        let entries = self.allocate(MemoryLayout<amqp_field_value_t>.stride * values.count)
            .bindMemory(to: amqp_field_value_t.self, capacity: values.count)
        for (index, value) in values.enumerated() {
            entries[index] = self.fieldValue(value)
        }
        return amqp_array_t(num_entries: Int32(values.count), entries: entries)
    }

    private func allocate(_ count: Int) -> UnsafeMutableRawPointer {
        // 16-byte alignment suits every rabbitmq-c struct placed here.
        let start = (self.used + 15) & ~15
        if start + count <= self.capacity {
            self.used = start + count
            return self.block + start
        }
        guard let pointer = malloc(max(count, 1)) else {
            fatalError("out of memory allocating \(count) bytes for an AMQP frame")
        }
        self.overflow.append(pointer)
        return pointer
    }
}

/// Reading C values that rabbitmq-c owns into Swift values (copies; the C memory is released later).
enum CDecode {
    /// The bytes of an `amqp_bytes_t`.
    static func bytes(_ value: amqp_bytes_t) -> [UInt8] {
        guard value.len > 0, let base = value.bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: value.len))
    }

    /// The UTF-8 text of an `amqp_bytes_t` (invalid sequences are repaired).
    static func string(_ value: amqp_bytes_t) -> String {
        guard value.len > 0, let base = value.bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: base, count: value.len), as: UTF8.self)
    }

    /// A field table.
    static func table(_ table: amqp_table_t) -> AMQPTable {
        guard table.num_entries > 0, let entries = table.entries else { return [:] }
        var result: [AMQPTable.Entry] = []
        result.reserveCapacity(Int(table.num_entries))
        for index in 0..<Int(table.num_entries) {
            let entry = entries[index]
            result.append(AMQPTable.Entry(key: self.string(entry.key), value: self.fieldValue(entry.value)))
        }
        return AMQPTable(result)
    }

    /// A field value.
    static func fieldValue(_ field: amqp_field_value_t) -> AMQPFieldValue {
        switch field.kind {
        case UInt8(ascii: "t"): return .boolean(field.value.boolean != 0)
        case UInt8(ascii: "b"): return .int8(field.value.i8)
        case UInt8(ascii: "B"): return .uint8(field.value.u8)
        case UInt8(ascii: "s"): return .int16(field.value.i16)
        case UInt8(ascii: "u"): return .uint16(field.value.u16)
        case UInt8(ascii: "I"): return .int32(field.value.i32)
        case UInt8(ascii: "i"): return .uint32(field.value.u32)
        case UInt8(ascii: "l"): return .int64(field.value.i64)
        case UInt8(ascii: "L"): return .uint64(field.value.u64)
        case UInt8(ascii: "f"): return .float(field.value.f32)
        case UInt8(ascii: "d"): return .double(field.value.f64)
        case UInt8(ascii: "D"):
            return .decimal(AMQPDecimal(scale: field.value.decimal.decimals, value: field.value.decimal.value))
        case UInt8(ascii: "S"):
            let raw = self.bytes(field.value.bytes)
            if let text = String(validating: raw, as: UTF8.self) {
                return .string(text)
            }
            return .bytes(raw)
        case UInt8(ascii: "x"): return .bytes(self.bytes(field.value.bytes))
        case UInt8(ascii: "T"): return .timestamp(field.value.u64)
        case UInt8(ascii: "A"):
            let array = field.value.array
            guard array.num_entries > 0, let entries = array.entries else { return .array([]) }
            return .array((0..<Int(array.num_entries)).map { self.fieldValue(entries[$0]) })
        case UInt8(ascii: "F"): return .table(self.table(field.value.table))
        default: return .void
        }
    }
}
