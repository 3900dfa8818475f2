/// W3C trace context (`traceparent`, `tracestate`): what a message published while handling another one
/// inherits, so one trace follows a flow across services.
public struct TraceContext: Sendable, Hashable {
    /// The 16-byte trace id, 32 lowercase hex digits.
    public var traceID: String
    /// The 8-byte id of the current span, 16 lowercase hex digits.
    public var spanID: String
    /// The trace flags (`01` sampled).
    public var flags: String
    /// The vendor state, passed on unchanged.
    public var state: String?

    /// Parses a `traceparent` header (version `00`); `nil` when it is malformed or all-zero.
    public init?(traceparent: String, tracestate: String? = nil) {
        let parts = traceparent.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff",
            parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isHexDigit) }),
            parts[1] != String(repeating: "0", count: 32), parts[2] != String(repeating: "0", count: 16)
        else { return nil }
        self.traceID = parts[1].lowercased()
        self.spanID = parts[2].lowercased()
        self.flags = parts[3].lowercased()
        self.state = tracestate
    }

    private init(traceID: String, spanID: String, flags: String, state: String?) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
        self.state = state
    }

    /// A new trace (random ids, sampled).
    public static func root() -> TraceContext {
        TraceContext(traceID: randomHex(bytes: 16), spanID: randomHex(bytes: 8), flags: "01", state: nil)
    }

    /// A child span of this one: same trace, new span id, same flags and state.
    public func child() -> TraceContext {
        TraceContext(traceID: self.traceID, spanID: Self.randomHex(bytes: 8), flags: self.flags, state: self.state)
    }

    /// The `traceparent` header value.
    public var traceparent: String { "00-\(self.traceID)-\(self.spanID)-\(self.flags)" }

    private static func randomHex(bytes: Int) -> String {
        var text = ""
        repeat {
            text = ""
            for _ in 0..<bytes {
                let byte = UInt8.random(in: 0...255)
                text += String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
            }
        } while text.allSatisfy { $0 == "0" }
        return text
    }
}
