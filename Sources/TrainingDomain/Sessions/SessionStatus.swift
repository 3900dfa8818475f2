/// A session's lifecycle (domain §7.1): `draft → open ⇄ full`, then `confirmed` (minimum reached at the check) or
/// `cancelled`, then `inProgress → held → closed` (attendance recorded, certificates issued) `→ archived`.
public enum SessionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft, open, full, confirmed, cancelled, inProgress, held, closed, archived

    /// The moves the scheduler allows; anything else is refused naming both states.
    public func canMove(to next: SessionStatus) -> Bool {
        switch (self, next) {
        case (.draft, .open), (.draft, .cancelled): true
        case (.open, .full), (.full, .open): true
        case (.open, .confirmed), (.full, .confirmed): true
        case (.open, .cancelled), (.full, .cancelled), (.confirmed, .cancelled): true
        case (.open, .inProgress), (.full, .inProgress), (.confirmed, .inProgress): true
        case (.inProgress, .held): true
        case (.held, .closed), (.closed, .archived), (.cancelled, .archived): true
        default: false
        }
    }

    /// Sign-ups are taken (and seats move between bookings and the waitlist).
    public var takesSignups: Bool { self == .open || self == .full || self == .confirmed }

    /// The session still lies ahead and can be changed or cancelled.
    public var isPlanned: Bool { self == .draft || self.takesSignups }

    /// Attendance may be recorded (the session has started).
    public var takesAttendance: Bool { self == .inProgress || self == .held }
}

/// Who approves a sign-up before the booking rule applies.
public enum ApprovalChain: String, Sendable, Hashable, Codable, CaseIterable {
    case none, manager, managerThenAdmin

    /// The status of a new sign-up: 40 when someone must approve, otherwise straight to the booking rule (50).
    public var initialStatus: SignupStatus { self == .none ? .approved : .requested }

    /// The status after an approval at `status`: the manager's approval leads to the administrator when the chain
    /// has two steps, otherwise to 50 (approved, no seat yet), where the booking rule applies.
    public func afterApproval(of status: SignupStatus) -> SignupStatus? {
        switch (self, status) {
        case (.manager, .requested), (.managerThenAdmin, .requestedAdmin): .approved
        case (.managerThenAdmin, .requested): .requestedAdmin
        default: nil
        }
    }
}
