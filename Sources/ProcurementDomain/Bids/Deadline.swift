import Foundation

/// The one rule that says whether a deposit beat the tender deadline. The intake (the receipt's `late`
/// flag) and the ``BidRegister`` (which deposit is opened) both call it, so a receipt and the opening can
/// never judge the same deposit differently.
public enum Deadline {
    /// Whether a deposit received at `receivedAt` is in time for `deadline`.
    ///
    /// The rule (domain §2.7, R2151-6): only a bid "received within the deadline" is opened, a backup copy
    /// "must arrive before the deadline", and the tender closes when "the clock reaches the deadline"
    /// (§2.3). A deposit is therefore in time only when received **strictly before** the deadline instant;
    /// one received at the deadline instant itself (à la date et l'heure limites) is late: kept, never
    /// opened.
    ///
    /// Both instants are compared at the receipt's precision, the millisecond (each rounded to the nearest),
    /// so an instant that went through PostgreSQL's microseconds or an RFC 3339 text compares equal to the
    /// one the clock gave.
    ///
    /// - Parameters:
    ///   - receivedAt: The exact time of receipt (the receipt's `receivedAt`).
    ///   - deadline: The tender deadline in force.
    /// - Returns: `true` when the deposit was received before the deadline.
    public static func isInTime(receivedAt: Date, deadline: Date) -> Bool {
        MillisecondTimestamp.milliseconds(receivedAt) < MillisecondTimestamp.milliseconds(deadline)
    }

    /// Whether a deposit received at `receivedAt` is late for `deadline`: the negation of
    /// ``isInTime(receivedAt:deadline:)``.
    ///
    /// - Parameters:
    ///   - receivedAt: The exact time of receipt.
    ///   - deadline: The tender deadline in force.
    /// - Returns: `true` when the deposit was received at or after the deadline.
    public static func isLate(receivedAt: Date, deadline: Date) -> Bool {
        !self.isInTime(receivedAt: receivedAt, deadline: deadline)
    }
}
