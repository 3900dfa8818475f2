/// The form of an aid (domain §5.3, design).
public enum AidForm: String, Sendable, Hashable, Codable, CaseIterable {
    case subsidy
    case zeroRateRepayableAdvance
    case guarantee
    case loan
}

/// The decision granting an aid (domain §5.3, design). Amounts are euros excluding VAT, in cents.
public struct AidDecision: Sendable, Hashable, Codable {
    public var aidForm: AidForm
    public var amountCents: Int64
    /// The day the decision body voted, in `Europe/Paris`; the de minimis ledger counts from it.
    public var votedAt: CalendarDay
    /// `commission permanente du conseil régional`, `comité d'engagement Bpifrance`.
    public var decisionBody: String
    /// Decided by a deliberation of an assembly (then also an act sent to the prefecture), rather than by delegation.
    public var byDeliberation: Bool

    public init(aidForm: AidForm, amountCents: Int64, votedAt: CalendarDay, decisionBody: String, byDeliberation: Bool)
    {
        self.aidForm = aidForm
        self.amountCents = amountCents
        self.votedAt = votedAt
        self.decisionBody = decisionBody
        self.byDeliberation = byDeliberation
    }
}
