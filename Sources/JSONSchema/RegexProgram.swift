/// A compiled regular expression run by a backtracking matcher with a visited-state bitmap.
///
/// Every `(instruction, position)` state is explored at most once, so matching is linear in
/// `program size × input length` and loops whose body can match the empty string terminate.
/// Without captures or backreferences only the existence of a match matters, so greedy and lazy
/// quantifiers compile alike.
struct RegexProgram: Sendable {
    enum Instruction: Sendable {
        case byte(UInt8)
        case scalar(UInt32)
        case set(Int)
        case lineStart
        case lineEnd
        case wordBoundary(negated: Bool)
        case split(Int, Int)
        case jump(Int)
        case lookahead(negated: Bool, next: Int)
        case lookaheadSucceeded
        case match
    }

    /// The largest program built; longer ones (huge counted repetitions) go to the fallback engine.
    static let maximumInstructions = 20_000

    private(set) var instructions: [Instruction] = []
    private(set) var sets: [RegexScalarSet] = []
    private var anchoredAtStart = false

    init(_ node: RegexNode) throws(RegexSyntaxError) {
        try self.emit(node)
        self.instructions.append(.match)
        if case .lineStart = self.instructions[0] { self.anchoredAtStart = true }
    }

    private mutating func append(_ instruction: Instruction) throws(RegexSyntaxError) {
        guard self.instructions.count < RegexProgram.maximumInstructions else {
            throw .unsupported("pattern too large for the built-in engine")
        }
        self.instructions.append(instruction)
    }

    private mutating func emit(_ node: RegexNode) throws(RegexSyntaxError) {
        switch node {
        case .empty:
            return
        case .scalars(let set):
            if let single = set.singleScalar {
                try self.append(single < 0x80 ? .byte(UInt8(single)) : .scalar(single))
            } else {
                self.sets.append(set)
                try self.append(.set(self.sets.count - 1))
            }
        case .lineStart:
            try self.append(.lineStart)
        case .lineEnd:
            try self.append(.lineEnd)
        case .wordBoundary(let negated):
            try self.append(.wordBoundary(negated: negated))
        case .concatenation(let items):
            for item in items { try self.emit(item) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (offset, branch) in branches.enumerated() {
                if offset < branches.count - 1 {
                    let split = self.instructions.count
                    try self.append(.split(split + 1, -1))
                    try self.emit(branch)
                    jumps.append(self.instructions.count)
                    try self.append(.jump(-1))
                    self.instructions[split] = .split(split + 1, self.instructions.count)
                } else {
                    try self.emit(branch)
                }
            }
            for jump in jumps { self.instructions[jump] = .jump(self.instructions.count) }
        case .repetition(let body, let minimum, let maximum):
            for _ in 0..<minimum { try self.emit(body) }
            if let maximum {
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(self.instructions.count)
                    try self.append(.split(-1, -1))
                    try self.emit(body)
                }
                for split in splits { self.instructions[split] = .split(split + 1, self.instructions.count) }
            } else {
                let loop = self.instructions.count
                try self.append(.split(-1, -1))
                try self.emit(body)
                try self.append(.jump(loop))
                self.instructions[loop] = .split(loop + 1, self.instructions.count)
            }
        case .lookahead(let body, let negated):
            let start = self.instructions.count
            try self.append(.lookahead(negated: negated, next: -1))
            try self.emit(body)
            try self.append(.lookaheadSucceeded)
            self.instructions[start] = .lookahead(negated: negated, next: self.instructions.count)
        }
    }

    /// Whether the pattern matches anywhere in `input` (valid UTF-8).
    func search(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        let stateCount = self.instructions.count * (input.count + 1)
        let words = (stateCount + 63) / 64
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { visited in
            visited.initialize(repeating: 0)
            var start = 0
            while start <= input.count {
                if self.run(from: 0, at: start, input: input, visited: visited) { return true }
                if self.anchoredAtStart { return false }
                start += 1
                while start < input.count, input[start] & 0xC0 == 0x80 { start += 1 }
            }
            return false
        }
    }

    private func run(
        from startPC: Int,
        at startPosition: Int,
        input: UnsafeBufferPointer<UInt8>,
        visited: UnsafeMutableBufferPointer<UInt64>
    ) -> Bool {
        let stride = input.count + 1
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 64) { buffer in
            var stack = RegexBacktrackStack(buffer: buffer)
            stack.push(pc: startPC, position: startPosition)
            while let (initialPC, initialPosition) = stack.pop() {
                var pc = initialPC
                var position = initialPosition
                thread: while true {
                    let state = pc * stride + position
                    let bit: UInt64 = 1 << UInt64(state & 63)
                    if visited[state >> 6] & bit != 0 { break }
                    visited[state >> 6] |= bit
                    switch self.instructions[pc] {
                    case .byte(let byte):
                        guard position < input.count, input[position] == byte else { break thread }
                        pc += 1
                        position += 1
                    case .scalar(let scalar):
                        guard position < input.count else { break thread }
                        let (decoded, length) = RegexProgram.decode(input, at: position)
                        guard decoded == scalar else { break thread }
                        pc += 1
                        position += length
                    case .set(let index):
                        guard position < input.count else { break thread }
                        let byte = input[position]
                        if byte < 0x80 {
                            guard self.sets[index].containsASCII(byte) else { break thread }
                            position += 1
                        } else {
                            let (decoded, length) = RegexProgram.decode(input, at: position)
                            guard self.sets[index].contains(decoded) else { break thread }
                            position += length
                        }
                        pc += 1
                    case .lineStart:
                        guard position == 0 else { break thread }
                        pc += 1
                    case .lineEnd:
                        guard position == input.count else { break thread }
                        pc += 1
                    case .wordBoundary(let negated):
                        let before = position > 0 && RegexScalarSet.word.containsASCII(input[position - 1])
                        let after = position < input.count && RegexScalarSet.word.containsASCII(input[position])
                        guard (before != after) != negated else { break thread }
                        pc += 1
                    case .split(let preferred, let alternative):
                        stack.push(pc: alternative, position: position)
                        pc = preferred
                    case .jump(let target):
                        pc = target
                    case .lookahead(let negated, let next):
                        guard self.lookahead(pc + 1, at: position, input: input) != negated else { break thread }
                        pc = next
                    case .lookaheadSucceeded, .match:
                        return true
                    }
                }
            }
            return false
        }
    }

    /// Runs a lookahead body with its own visited map: its result must not leak into the outer search.
    private func lookahead(_ pc: Int, at position: Int, input: UnsafeBufferPointer<UInt8>) -> Bool {
        let words = (self.instructions.count * (input.count + 1) + 63) / 64
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { visited in
            visited.initialize(repeating: 0)
            return self.run(from: pc, at: position, input: input, visited: visited)
        }
    }

    /// Decodes the scalar at `position` of valid UTF-8.
    @inline(__always)
    static func decode(_ input: UnsafeBufferPointer<UInt8>, at position: Int) -> (UInt32, Int) {
        let lead = UInt32(input[position])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(input[position + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            let value =
                (lead & 0x0F) << 12 | UInt32(input[position + 1] & 0x3F) << 6
                | UInt32(input[position + 2] & 0x3F)
            return (value, 3)
        }
        let value =
            (lead & 0x07) << 18 | UInt32(input[position + 1] & 0x3F) << 12
            | UInt32(input[position + 2] & 0x3F) << 6 | UInt32(input[position + 3] & 0x3F)
        return (value, 4)
    }
}

/// The backtracking stack: a stack-allocated buffer that spills into an array when full.
private struct RegexBacktrackStack {
    let buffer: UnsafeMutableBufferPointer<UInt64>
    var count = 0
    var spill: [UInt64] = []

    init(buffer: UnsafeMutableBufferPointer<UInt64>) {
        self.buffer = buffer
    }

    mutating func push(pc: Int, position: Int) {
        let packed = UInt64(pc) << 32 | UInt64(position)
        if self.count < self.buffer.count {
            self.buffer[self.count] = packed
            self.count += 1
        } else {
            self.spill.append(packed)
        }
    }

    mutating func pop() -> (Int, Int)? {
        let packed: UInt64
        if let last = self.spill.popLast() {
            packed = last
        } else if self.count > 0 {
            self.count -= 1
            packed = self.buffer[self.count]
        } else {
            return nil
        }
        return (Int(packed >> 32), Int(packed & 0xFFFF_FFFF))
    }
}
