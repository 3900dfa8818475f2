/// One retry delay level, such as `5s`, `1m` or `10m`: the TTL of a retry queue.
///
/// The text form is kept as written because it names the queue (`<queue>.retry.5s`) and the
/// routing key (`<queue>.5s`). Units: `ms`, `s`, `m`, `h`, `d`.
public struct DelayLevel: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The level as written, e.g. `1m`.
    public let name: String
    /// The TTL in milliseconds.
    public let milliseconds: Int

    /// Parses a level.
    ///
    /// - Parameter text: A positive whole number followed by `ms`, `s`, `m`, `h` or `d`.
    /// - Throws: ``TopologyError`` with code ``TopologyError/Code/invalidSettings`` otherwise.
    public init(_ text: String) throws(TopologyError) {
        let units: [(String, Int)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            let digits = text.dropLast(unit.count)
            if unit == "s", digits.hasSuffix("m") { continue }  // "5ms" is handled by "ms"
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                let value = Int(digits), value > 0
            else { break }
            self.name = text
            self.milliseconds = value * factor
            return
        }
        throw TopologyError(.invalidSettings, "retry level \"\(text)\" is not a duration such as 5s, 1m or 10m")
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.name)
    }

    public var description: String { self.name }
}
