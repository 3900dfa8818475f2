import Foundation

/// An iTIP (RFC 5546) invitation to a training session for one booked agent, rendered as RFC 5545 text by
/// ``render()``.
///
/// A `.request` books the agent; a `.cancel` withdraws the booking and keeps the `uid` with a higher `sequence`.
/// Several ``slots`` make one recurring event: the first slot is the master `VEVENT`, the other starts are
/// `RDATE`s, and a slot lasting longer or shorter than the first also gets an override `VEVENT` (`RECURRENCE-ID`).
/// ``validate()`` checks what ``render()`` assumes.
public struct CalendarInvitation: Sendable, Hashable {
    public enum Method: String, Sendable {
        case request = "REQUEST"
        case cancel = "CANCEL"
    }

    /// The organiser or the attendee: a display name (`CN`) and a mail address (`mailto:`).
    public struct Person: Sendable, Hashable {
        public var name: String
        public var email: String

        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    /// One date of the session, as instants; written in Europe/Paris wall time.
    public struct Slot: Sendable, Hashable {
        public var start: Date
        public var end: Date

        public init(start: Date, end: Date) {
            self.start = start
            self.end = end
        }
    }

    public var method: Method
    /// Stable per signup, e.g. `signup-<uuid>@training.passerelle.example`: a cancellation reuses it.
    public var uid: String
    /// Raised at each change of the signup's invitation (a cancellation is one more than the last request).
    public var sequence: Int
    public var summary: String
    public var description: String
    public var location: String
    public var organizer: Person
    public var attendee: Person
    /// The session's dates, in order, at least one.
    public var slots: [Slot]
    /// When the invitation was made (`DTSTAMP`).
    public var stamp: Date

    public init(
        method: Method, uid: String, sequence: Int, summary: String, description: String, location: String,
        organizer: Person, attendee: Person, slots: [Slot], stamp: Date
    ) {
        self.method = method
        self.uid = uid
        self.sequence = sequence
        self.summary = summary
        self.description = description
        self.location = location
        self.organizer = organizer
        self.attendee = attendee
        self.slots = slots
        self.stamp = stamp
    }
}
