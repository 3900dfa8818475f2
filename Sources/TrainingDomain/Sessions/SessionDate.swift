import Foundation

/// One date of a session: its start and end instants.
public struct SessionDate: Sendable, Hashable, Codable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    public func overlaps(_ other: SessionDate) -> Bool { self.start < other.end && other.start < self.end }
}

extension Array where Element == SessionDate {
    /// Whether any date of one overlaps any date of the other.
    public func overlaps(_ other: [SessionDate]) -> Bool {
        self.contains { date in other.contains(where: date.overlaps) }
    }

    public var firstStart: Date? { self.map(\.start).min() }
    public var lastEnd: Date? { self.map(\.end).max() }
}
