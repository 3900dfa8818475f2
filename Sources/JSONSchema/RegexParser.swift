/// Parses an ECMA-262 pattern (with the `u` flag's scalar semantics) into a ``RegexNode``.
struct RegexParser {
    private let scalars: [UInt32]
    private var position = 0

    init(_ pattern: String) {
        self.scalars = pattern.unicodeScalars.map(\.value)
    }

    static func parse(_ pattern: String) throws(RegexSyntaxError) -> RegexNode {
        var parser = RegexParser(pattern)
        let node = try parser.parseAlternation()
        if parser.position < parser.scalars.count { throw .invalid("unmatched ')'") }
        return node
    }

    private var current: UInt32? { self.position < self.scalars.count ? self.scalars[self.position] : nil }

    private func peek(_ offset: Int) -> UInt32? {
        self.position + offset < self.scalars.count ? self.scalars[self.position + offset] : nil
    }

    private mutating func parseAlternation() throws(RegexSyntaxError) -> RegexNode {
        var branches = [try self.parseConcatenation()]
        while self.current == 0x7C {  // |
            self.position += 1
            branches.append(try self.parseConcatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcatenation() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let scalar = self.current, scalar != 0x7C, scalar != 0x29 {  // | )
            let atom = try self.parseAtom()
            items.append(try self.parseQuantifier(atom))
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concatenation(items))
    }

    private mutating func parseQuantifier(_ atom: RegexNode) throws(RegexSyntaxError) -> RegexNode {
        guard let scalar = self.current else { return atom }
        var bounds: (Int, Int?)
        switch scalar {
        case 0x2A: bounds = (0, nil)  // *
        case 0x2B: bounds = (1, nil)  // +
        case 0x3F: bounds = (0, 1)  // ?
        case 0x7B:  // {
            guard let braces = self.parseBraces() else { return atom }
            bounds = braces
        default:
            return atom
        }
        if scalar != 0x7B { self.position += 1 }
        if let max = bounds.1, max < bounds.0 { throw .invalid("numbers out of order in {} quantifier") }
        if self.current == 0x3F { self.position += 1 }  // lazy: same language
        switch atom {
        case .lineStart, .lineEnd, .wordBoundary, .lookahead:
            throw .invalid("nothing to repeat")
        default:
            return .repetition(atom, min: bounds.0, max: bounds.1)
        }
    }

    /// Parses `{n}`, `{n,}` or `{n,m}`; leaves the position unchanged and returns `nil` otherwise
    /// (Annex B treats such a brace as a literal).
    private mutating func parseBraces() -> (Int, Int?)? {
        var cursor = self.position + 1
        func number() -> Int? {
            var value = 0
            let start = cursor
            while cursor < self.scalars.count, (0x30...0x39).contains(self.scalars[cursor]) {
                value = min(value * 10 + Int(self.scalars[cursor] - 0x30), 100_000)
                cursor += 1
            }
            return cursor > start ? value : nil
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if cursor < self.scalars.count, self.scalars[cursor] == 0x2C {
            cursor += 1
            high = number()
        }
        guard cursor < self.scalars.count, self.scalars[cursor] == 0x7D else { return nil }
        self.position = cursor + 1
        return (low, high)
    }

    private mutating func parseAtom() throws(RegexSyntaxError) -> RegexNode {
        let scalar = self.scalars[self.position]
        self.position += 1
        switch scalar {
        case 0x5E: return .lineStart  // ^
        case 0x24: return .lineEnd  // $
        case 0x2E: return .scalars(.dot)  // .
        case 0x28: return try self.parseGroup()
        case 0x5B: return .scalars(try self.parseClass())
        case 0x5C: return try self.parseAtomEscape()
        case 0x2A, 0x2B, 0x3F: throw .invalid("nothing to repeat")
        default: return .scalars(RegexScalarSet([scalar...scalar]))
        }
    }

    private mutating func parseGroup() throws(RegexSyntaxError) -> RegexNode {
        var lookahead: Bool?
        if self.current == 0x3F {  // ?
            switch self.peek(1) {
            case 0x3A: self.position += 2  // (?:
            case 0x3D: lookahead = false; self.position += 2  // (?=
            case 0x21: lookahead = true; self.position += 2  // (?!
            case 0x3C:  // (?<
                if self.peek(2) == 0x3D || self.peek(2) == 0x21 { throw .unsupported("lookbehind") }
                self.position += 2
                while let scalar = self.current, scalar != 0x3E { self.position += 1 }
                guard self.current == 0x3E else { throw .invalid("unterminated group name") }
                self.position += 1
            default:
                throw .invalid("invalid group")
            }
        }
        let inner = try self.parseAlternation()
        guard self.current == 0x29 else { throw .invalid("missing ')'") }
        self.position += 1
        if let negated = lookahead { return .lookahead(inner, negated: negated) }
        return inner
    }

    private mutating func parseAtomEscape() throws(RegexSyntaxError) -> RegexNode {
        guard let scalar = self.current else { throw .invalid("\\ at end of pattern") }
        switch scalar {
        case 0x62: self.position += 1; return .wordBoundary(negated: false)  // \b
        case 0x42: self.position += 1; return .wordBoundary(negated: true)  // \B
        case 0x31...0x39: throw .unsupported("backreference")
        case 0x6B: throw .unsupported("named backreference")  // \k
        default: return .scalars(try self.parseClassEscape(inClass: false))
        }
    }

    /// Parses the escape after a backslash (the backslash already consumed).
    private mutating func parseClassEscape(inClass: Bool) throws(RegexSyntaxError) -> RegexScalarSet {
        guard let scalar = self.current else { throw .invalid("\\ at end of pattern") }
        self.position += 1
        func single(_ value: UInt32) -> RegexScalarSet { RegexScalarSet([value...value]) }
        switch scalar {
        case 0x64: return .digits  // d
        case 0x44: return RegexScalarSet.digits.inverted
        case 0x77: return .word  // w
        case 0x57: return RegexScalarSet.word.inverted
        case 0x73: return .space  // s
        case 0x53: return RegexScalarSet.space.inverted
        case 0x70, 0x50: throw .unsupported("unicode property escape")  // p P
        case 0x6E: return single(0x0A)  // n
        case 0x72: return single(0x0D)  // r
        case 0x74: return single(0x09)  // t
        case 0x66: return single(0x0C)  // f
        case 0x76: return single(0x0B)  // v
        case 0x62 where inClass: return single(0x08)  // [\b]
        case 0x30: return single(0)  // \0
        case 0x63:  // \cX
            guard let letter = self.current, (0x41...0x5A).contains(letter) || (0x61...0x7A).contains(letter) else {
                throw .invalid("invalid control escape")
            }
            self.position += 1
            return single(letter % 32)
        case 0x78:  // \xHH
            return single(try self.parseHex(count: 2))
        case 0x75:  // \uHHHH or \u{H…}
            if self.current == 0x7B {
                self.position += 1
                var value: UInt32 = 0
                var digits = 0
                while let next = self.current, next != 0x7D {
                    guard let digit = RegexParser.hexValue(next) else { throw .invalid("invalid \\u{} escape") }
                    value = value * 16 + digit
                    digits += 1
                    guard value <= RegexScalarSet.maxScalar else { throw .invalid("invalid \\u{} escape") }
                    self.position += 1
                }
                guard self.current == 0x7D, digits > 0 else { throw .invalid("invalid \\u{} escape") }
                self.position += 1
                return single(value)
            }
            var value = try self.parseHex(count: 4)
            if (0xD800..<0xDC00).contains(value), self.current == 0x5C, self.peek(1) == 0x75 {
                let saved = self.position
                self.position += 2
                if let low = try? self.parseHex(count: 4), (0xDC00..<0xE000).contains(low) {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    self.position = saved
                }
            }
            return single(value)
        default:
            // Identity escapes: syntax characters and '/' and, inside a class, '-'.
            return single(scalar)
        }
    }

    private mutating func parseHex(count: Int) throws(RegexSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let scalar = self.current, let digit = RegexParser.hexValue(scalar) else {
                throw .invalid("invalid hexadecimal escape")
            }
            value = value * 16 + digit
            self.position += 1
        }
        return value
    }

    private static func hexValue(_ scalar: UInt32) -> UInt32? {
        switch scalar {
        case 0x30...0x39: return scalar - 0x30
        case 0x41...0x46: return scalar - 0x41 + 10
        case 0x61...0x66: return scalar - 0x61 + 10
        default: return nil
        }
    }

    private mutating func parseClass() throws(RegexSyntaxError) -> RegexScalarSet {
        var negated = false
        if self.current == 0x5E {
            negated = true
            self.position += 1
        }
        var set = RegexScalarSet()
        while let scalar = self.current, scalar != 0x5D {
            let low = try self.parseClassAtom()
            if self.current == 0x2D, let next = self.peek(1), next != 0x5D {  // a-b
                self.position += 1
                let high = try self.parseClassAtom()
                guard let lowScalar = low.singleScalar, let highScalar = high.singleScalar else {
                    // Annex B: a class escape next to '-' makes the '-' literal.
                    set.formUnion(low)
                    set.insert(0x2D...0x2D)
                    set.formUnion(high)
                    continue
                }
                guard lowScalar <= highScalar else { throw .invalid("range out of order in character class") }
                set.insert(lowScalar...highScalar)
            } else {
                set.formUnion(low)
            }
            _ = scalar
        }
        guard self.current == 0x5D else { throw .invalid("missing ']'") }
        self.position += 1
        return negated ? set.inverted : set
    }

    private mutating func parseClassAtom() throws(RegexSyntaxError) -> RegexScalarSet {
        let scalar = self.scalars[self.position]
        self.position += 1
        if scalar == 0x5C { return try self.parseClassEscape(inClass: true) }
        return RegexScalarSet([scalar...scalar])
    }
}
