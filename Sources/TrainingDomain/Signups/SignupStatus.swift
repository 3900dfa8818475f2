/// A sign-up's status (domain §7.2): the codes of Moodle's Face-to-face activity, 45 and 110 from the Totara fork.
/// The history is append-only and the current status is its latest row; codes ≥ 70 count as attendees.
public enum SignupStatus: Int, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case userCancelled = 10
    case sessionCancelled = 20
    case declined = 30
    case requested = 40
    case requestedAdmin = 45
    case approved = 50
    case waitlisted = 60
    case booked = 70
    case noShow = 80
    case partiallyAttended = 90
    case fullyAttended = 100
    case notSet = 110

    public var name: String {
        switch self {
        case .userCancelled: "userCancelled"
        case .sessionCancelled: "sessionCancelled"
        case .declined: "declined"
        case .requested: "requested"
        case .requestedAdmin: "requestedAdmin"
        case .approved: "approved"
        case .waitlisted: "waitlisted"
        case .booked: "booked"
        case .noShow: "noShow"
        case .partiallyAttended: "partiallyAttended"
        case .fullyAttended: "fullyAttended"
        case .notSet: "notSet"
        }
    }

    public var description: String { "\(self.rawValue) \(self.name)" }

    /// Counts as an attendee of the session (booked, or attendance recorded).
    public var isAttendee: Bool { self.rawValue >= 70 }

    /// Still in play: waiting for an approval, approved, waitlisted or booked.
    public var isActive: Bool { [.requested, .requestedAdmin, .approved, .waitlisted, .booked].contains(self) }

    /// Waiting for an approver (the manager, then the administrator).
    public var isAwaitingApproval: Bool { self == .requested || self == .requestedAdmin }

    /// Attendance recorded; a certificate is due only for 90 and 100.
    public var earnsCertificate: Bool { self == .partiallyAttended || self == .fullyAttended }

    /// Statuses an agent may withdraw from (10).
    public var canWithdraw: Bool { self.isActive }
}
