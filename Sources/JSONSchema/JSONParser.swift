public import Foundation

extension JSONValue {
    /// Parses JSON text held in `data` (RFC 8259; UTF-8; at most 512 levels of nesting).
    public init(parsing data: Data) throws(JSONParseError) {
        let result: Result<JSONValue, JSONParseError> = data.withUnsafeBytes { raw in
            JSONParser.parse(raw.bindMemory(to: UInt8.self))
        }
        self = try result.get()
    }

    /// Parses JSON text held in a byte array.
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        let result = bytes.withUnsafeBufferPointer { JSONParser.parse($0) }
        self = try result.get()
    }

    /// Parses JSON text held in a string.
    public init(parsing text: String) throws(JSONParseError) {
        var text = text
        let result = text.withUTF8 { JSONParser.parse($0) }
        self = try result.get()
    }
}

/// A recursive-descent JSON parser working directly on UTF-8 bytes.
struct JSONParser {
    private static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    private var scratch: [UInt8] = []
    private var memberStack: [JSONObject.Member] = []
    private var elementStack: [JSONValue] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one JSON value that spans the whole buffer (surrounding whitespace allowed).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var parser = JSONParser(bytes: bytes)
        do throws(JSONParseError) {
            let value = try parser.parseValue()
            parser.skipWhitespace()
            if parser.position != bytes.count { throw parser.error("unexpected data after the JSON value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    private func error(_ reason: String) -> JSONParseError {
        JSONParseError(offset: self.position, reason: reason)
    }

    private mutating func skipWhitespace() {
        while self.position < self.bytes.count {
            switch self.bytes[self.position] {
            case 0x20, 0x0A, 0x0D, 0x09: self.position += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        self.skipWhitespace()
        guard self.position < self.bytes.count else { throw self.error("unexpected end of input") }
        switch self.bytes[self.position] {
        case UInt8(ascii: "{"): return try self.parseObject()
        case UInt8(ascii: "["): return try self.parseArray()
        case UInt8(ascii: "\""): return .string(try self.parseString())
        case UInt8(ascii: "t"): try self.expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try self.expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try self.expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try self.parseNumber())
        default: throw self.error("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard self.position + count <= self.bytes.count else { throw self.error("invalid literal") }
        let expected = literal.utf8Start
        for offset in 0..<count where self.bytes[self.position + offset] != expected[offset] {
            throw self.error("invalid literal")
        }
        self.position += count
    }

    private mutating func enterContainer() throws(JSONParseError) {
        self.depth += 1
        if self.depth > JSONParser.maximumDepth { throw self.error("nesting deeper than 512 levels") }
        self.position += 1
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try self.enterContainer()
        self.skipWhitespace()
        if self.position < self.bytes.count, self.bytes[self.position] == UInt8(ascii: "}") {
            self.position += 1
            self.depth -= 1
            return .object(JSONObject())
        }
        // Members go to a stack shared by all objects, so each object allocates one exact array.
        let base = self.memberStack.count
        var hasDuplicates = false
        while true {
            self.skipWhitespace()
            guard self.position < self.bytes.count, self.bytes[self.position] == UInt8(ascii: "\"") else {
                throw self.error("expected a string key")
            }
            let (key, hash) = try self.parseKey()
            self.skipWhitespace()
            guard self.position < self.bytes.count, self.bytes[self.position] == UInt8(ascii: ":") else {
                throw self.error("expected ':' after object key")
            }
            self.position += 1
            let value = try self.parseValue()
            if !hasDuplicates {
                for other in base..<self.memberStack.count
                where self.memberStack[other].keyHash == hash && self.memberStack[other].key == key {
                    hasDuplicates = true
                    break
                }
            }
            self.memberStack.append(JSONObject.Member(key: key, value: value, keyHash: hash))
            self.skipWhitespace()
            guard self.position < self.bytes.count else { throw self.error("unterminated object") }
            let byte = self.bytes[self.position]
            self.position += 1
            if byte == UInt8(ascii: "}") { break }
            if byte != UInt8(ascii: ",") { throw self.error("expected ',' or '}' in object") }
        }
        self.depth -= 1
        let placeholder = JSONObject.Member(key: "", value: .null, keyHash: 0)
        let members = JSONParser.popMoving(&self.memberStack, from: base, placeholder: placeholder)
        let object =
            hasDuplicates
            ? JSONObject(members.lazy.map { ($0.key, $0.value) })
            : JSONObject(uniqueMembers: members)
        return .object(object)
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try self.enterContainer()
        self.skipWhitespace()
        if self.position < self.bytes.count, self.bytes[self.position] == UInt8(ascii: "]") {
            self.position += 1
            self.depth -= 1
            return .array([])
        }
        let base = self.elementStack.count
        while true {
            let element = try self.parseValue()
            self.elementStack.append(element)
            self.skipWhitespace()
            guard self.position < self.bytes.count else { throw self.error("unterminated array") }
            let byte = self.bytes[self.position]
            self.position += 1
            if byte == UInt8(ascii: "]") { break }
            if byte != UInt8(ascii: ",") { throw self.error("expected ',' or ']' in array") }
        }
        self.depth -= 1
        return .array(JSONParser.popMoving(&self.elementStack, from: base, placeholder: .null))
    }

    /// Moves `stack[base...]` into a new exactly-sized array and shrinks the stack, without the
    /// retain/release pair a copy would cost.
    private static func popMoving<Element>(_ stack: inout [Element], from base: Int, placeholder: Element) -> [Element]
    {
        let count = stack.count - base
        let result = stack.withUnsafeMutableBufferPointer { buffer in
            [Element](unsafeUninitializedCapacity: count) { destination, initialized in
                destination.baseAddress!.moveInitialize(from: buffer.baseAddress! + base, count: count)
                (buffer.baseAddress! + base).initialize(repeating: placeholder, count: count)
                initialized = count
            }
        }
        stack.removeSubrange(base...)
        return result
    }

    /// Parses a member name and its ``KeyTable`` hash, computed while scanning the bytes.
    private mutating func parseKey() throws(JSONParseError) -> (String, Int) {
        var hash: UInt64? = KeyTable.initialHash
        let key = try self.parseString(hash: &hash)
        return (key, KeyTable.finish(hash ?? 0))
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        var unused: UInt64? = nil
        return try self.parseString(hash: &unused)
    }

    /// Parses a string; when `hash` is not `nil`, folds the key's UTF-8 bytes into it.
    @inline(__always)
    private mutating func parseString(hash: inout UInt64?) throws(JSONParseError) -> String {
        let start = self.position + 1  // after the opening quote
        var index = start
        var combined: UInt8 = 0
        var running = hash ?? 0
        let hashing = hash != nil
        let count = self.bytes.count
        if !hashing, let base = self.bytes.baseAddress {
            // Eight bytes at a time while none of them ends the fast path (a quote, a backslash, a control
            // character); non-ASCII bytes only clear `isASCII` (SWAR: each test sets a byte's top bit).
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let special =
                    ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
                if special & highs != 0 { break }
                combined |= UInt8(truncatingIfNeeded: (word & highs) != 0 ? 0x80 : 0)
                index += 8
            }
        }
        while index < count {
            let byte = self.bytes[index]
            if byte == UInt8(ascii: "\"") {
                self.position = index + 1
                if hashing { hash = running }
                return try self.makeString(
                    UnsafeBufferPointer(rebasing: self.bytes[start..<index]), isASCII: combined < 0x80
                )
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            combined |= byte
            if hashing { running = KeyTable.combine(running, byte) }
            index += 1
        }
        self.position = index
        guard index < count else { throw self.error("unterminated string") }
        if self.bytes[index] < 0x20 { throw self.error("control character in string") }
        let string = try self.parseEscapedString(from: start)
        if hashing { hash = KeyTable.fold(string) }
        return string
    }

    private func makeString(
        _ span: UnsafeBufferPointer<UInt8>,
        isASCII: Bool
    ) throws(JSONParseError) -> String {
        if isASCII { return String(decoding: span, as: UTF8.self) }
        guard let string = String(validating: span, as: UTF8.self) else {
            throw JSONParseError(offset: self.position, reason: "invalid UTF-8 in string")
        }
        return string
    }

    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        self.scratch.removeAll(keepingCapacity: true)
        self.scratch.append(contentsOf: UnsafeBufferPointer(rebasing: self.bytes[start..<self.position]))
        while self.position < self.bytes.count {
            let byte = self.bytes[self.position]
            self.position += 1
            switch byte {
            case UInt8(ascii: "\""):
                let result: String? = self.scratch.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
                guard let result else { throw self.error("invalid UTF-8 in string") }
                return result
            case UInt8(ascii: "\\"):
                try self.parseEscape()
            case 0..<0x20:
                throw self.error("control character in string")
            default:
                self.scratch.append(byte)
            }
        }
        throw self.error("unterminated string")
    }

    private mutating func parseEscape() throws(JSONParseError) {
        guard self.position < self.bytes.count else { throw self.error("unterminated escape") }
        let byte = self.bytes[self.position]
        self.position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): self.scratch.append(byte)
        case UInt8(ascii: "b"): self.scratch.append(0x08)
        case UInt8(ascii: "f"): self.scratch.append(0x0C)
        case UInt8(ascii: "n"): self.scratch.append(0x0A)
        case UInt8(ascii: "r"): self.scratch.append(0x0D)
        case UInt8(ascii: "t"): self.scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try self.parseHex4())
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate.
                if self.position + 6 <= self.bytes.count, self.bytes[self.position] == UInt8(ascii: "\\"),
                    self.bytes[self.position + 1] == UInt8(ascii: "u")
                {
                    let saved = self.position
                    self.position += 2
                    let low = UInt32(try self.parseHex4())
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        self.position = saved
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00..<0xE000).contains(scalar) {
                scalar = 0xFFFD
            }
            let unicode = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            self.scratch.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw self.error("invalid escape sequence")
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard self.position + 4 <= self.bytes.count else { throw self.error("truncated \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = self.bytes[self.position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw self.error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt16(digit)
            self.position += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = self.position
        var negative = false
        if self.bytes[self.position] == UInt8(ascii: "-") {
            negative = true
            self.position += 1
        }
        let integerStart = self.position
        var magnitude: UInt64 = 0
        var overflow = false
        while self.position < self.bytes.count, let digit = JSONParser.digit(self.bytes[self.position]) {
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(digit))
            magnitude = sum
            overflow = overflow || o1 || o2
            self.position += 1
        }
        let integerDigits = self.position - integerStart
        if integerDigits == 0 { throw self.error("expected a digit") }
        if integerDigits > 1, self.bytes[integerStart] == UInt8(ascii: "0") {
            self.position = integerStart + 1
            throw self.error("leading zero in number")
        }
        var isInteger = true
        if self.position < self.bytes.count, self.bytes[self.position] == UInt8(ascii: ".") {
            isInteger = false
            self.position += 1
            try self.skipDigits()
        }
        if self.position < self.bytes.count, self.bytes[self.position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            self.position += 1
            if self.position < self.bytes.count,
                self.bytes[self.position] == UInt8(ascii: "+") || self.bytes[self.position] == UInt8(ascii: "-")
            {
                self.position += 1
            }
            try self.skipDigits()
        }
        if isInteger, !overflow {
            if !negative, magnitude <= UInt64(Int64.max) { return .integer(Int64(magnitude)) }
            if negative, magnitude <= UInt64(Int64.max) + 1 {
                return .integer(Int64(truncatingIfNeeded: 0 &- magnitude))
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.position]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else { throw self.error("number out of range") }
        return .double(double)
    }

    private mutating func skipDigits() throws(JSONParseError) {
        let start = self.position
        while self.position < self.bytes.count, JSONParser.digit(self.bytes[self.position]) != nil {
            self.position += 1
        }
        if self.position == start { throw self.error("expected a digit") }
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        let value = byte &- UInt8(ascii: "0")
        return value < 10 ? value : nil
    }
}
