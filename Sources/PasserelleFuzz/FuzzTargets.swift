/// One fuzz target: a function of bytes that must never crash, trap, hang or grow memory without bound.
struct FuzzTarget: Sendable {
    let name: String
    let summary: String
    /// Loads what the target needs once (contracts…), before the first input.
    let prepare: @Sendable () -> Void
    let run: @Sendable (UnsafeRawBufferPointer) -> Void
}

enum FuzzTargets {
    static let all: [FuzzTarget] = [
        FuzzTarget(
            name: "json", summary: "JSON parser: parse, serialise, parse again (same value)",
            prepare: {}, run: JSONFuzz.run),
        FuzzTarget(
            name: "schema", summary: "JSON Schema: contract schemas and schemas built from the input",
            prepare: SchemaFuzz.prepare, run: SchemaFuzz.run),
        FuzzTarget(
            name: "cloudevents", summary: "AMQP properties + headers -> CloudEvent -> headers (round trip)",
            prepare: {}, run: CloudEventFuzz.run),
        FuzzTarget(
            name: "runtime-headers", summary: "x-passerelle-* / x-death headers as the runtime and drain read them",
            prepare: {}, run: RuntimeHeadersFuzz.run),
        FuzzTarget(
            name: "mime", summary: "RFC 5322 / MIME composer, output decoded back",
            prepare: {}, run: MailFuzz.run),
        FuzzTarget(
            name: "http", summary: "URI query parsing, Request.query, JSON body problems",
            prepare: {}, run: HTTPFuzz.run),
    ]

    static func named(_ name: String) -> FuzzTarget? {
        self.all.first { $0.name == name }
    }

    nonisolated(unsafe) private static var selected: FuzzTarget?

    static func select(_ target: FuzzTarget) {
        target.prepare()
        self.selected = target
    }

    static func runSelected(_ bytes: UnsafeRawBufferPointer) {
        self.selected?.run(bytes)
    }
}

/// A failed invariant: traps, so libFuzzer records the input as a crash.
func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        fatalError("fuzz invariant broken: \(message())")
    }
}

/// Inputs made of records separated by 0xFF (never a UTF-8 byte), each starting with a tag byte, so that
/// seeds stay readable (`printf 'sSubject\xffbBody'`) and any text, CR and LF included, fits in a field.
struct FuzzRecord {
    let tag: UInt8
    let payload: ArraySlice<UInt8>

    static let separator: UInt8 = 0xFF

    static func split(_ bytes: UnsafeRawBufferPointer, limit: Int = 256) -> [FuzzRecord] {
        var records: [FuzzRecord] = []
        for part in Array(bytes).split(separator: Self.separator, omittingEmptySubsequences: true) {
            records.append(FuzzRecord(tag: part.first!, payload: part.dropFirst()))
            if records.count == limit { break }
        }
        return records
    }

    /// The payload as text (invalid UTF-8 repaired, as every reader of wire bytes does).
    var text: String { String(decoding: self.payload, as: UTF8.self) }

    /// Joins records back into bytes (the seed writer).
    static func join(_ records: [(Character, [UInt8])]) -> [UInt8] {
        var output: [UInt8] = []
        for (index, record) in records.enumerated() {
            if index > 0 { output.append(Self.separator) }
            output.append(record.0.asciiValue!)
            output += record.1
        }
        return output
    }
}

extension ArraySlice<UInt8> {
    /// A fixed-width integer: the decimal text if the bytes are one, else their little-endian value.
    func integer<T: FixedWidthInteger>(_: T.Type = T.self) -> T {
        if let value = T(String(decoding: self, as: UTF8.self)) { return value }
        var value: T = 0
        for (index, byte) in self.prefix(MemoryLayout<T>.size).enumerated() {
            value |= T(truncatingIfNeeded: byte) << (8 * index)
        }
        return value
    }

    /// A double: the decimal text if the bytes are one, else their bit pattern (NaN and infinities included).
    var double: Double {
        if let value = Double(String(decoding: self, as: UTF8.self)) { return value }
        return Double(bitPattern: self.integer(UInt64.self))
    }
}
