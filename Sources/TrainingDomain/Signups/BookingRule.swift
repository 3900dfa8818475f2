/// The booking rule (domain §7.3): unknown dates → waitlisted; a free seat (or capacity 0, unlimited) → booked;
/// otherwise waitlisted when the session keeps a waitlist, else refused as full.
public enum BookingRule {
    public enum Outcome: Sendable, Hashable {
        case booked
        case waitlisted(WaitlistReason)
        case full
    }

    public enum WaitlistReason: String, Sendable, Hashable, Codable {
        case sessionFull, datesUnknown, capacityReduced
    }

    public static func decide(datesKnown: Bool, capacity: Int, booked: Int, allowWaitlist: Bool) -> Outcome {
        guard datesKnown else { return .waitlisted(.datesUnknown) }
        if capacity == 0 || booked < capacity { return .booked }
        return allowWaitlist ? .waitlisted(.sessionFull) : .full
    }

    /// Seats free for promotions from the waitlist (`Int.max` when unlimited, 0 with unknown dates).
    public static func freeSeats(datesKnown: Bool, capacity: Int, booked: Int) -> Int {
        guard datesKnown else { return 0 }
        return capacity == 0 ? Int.max : max(0, capacity - booked)
    }

    /// The bookings to move back to the waitlist when the capacity drops below them: the most recent ones.
    /// - Parameter bookings: the booked sign-ups, oldest booking first.
    public static func overflow<Booking>(_ bookings: [Booking], capacity: Int) -> [Booking] {
        guard capacity > 0, bookings.count > capacity else { return [] }
        return Array(bookings.suffix(bookings.count - capacity))
    }
}
