import ContractTypes
/// The de minimis check (Reg. (EU) 2023/2831, domain §5.4, "to confirm"): at most 300 000 € of de minimis aid per
/// single undertaking over three years. The desk keeps the grants per SIREN and flags a decision that would exceed
/// the ceiling; the ceiling and the period are configuration.
public struct DeMinimisLedger: Sendable, Hashable, Codable {
    /// A de minimis aid already granted.
    public struct Grant: Sendable, Hashable, Codable {
        public var grantedOn: CalendarDay
        public var amountCents: Int64

        public init(grantedOn: CalendarDay, amountCents: Int64) {
            self.grantedOn = grantedOn
            self.amountCents = amountCents
        }
    }

    /// What the check found.
    public struct Check: Sendable, Hashable, Codable {
        /// The grants inside the period, before the new aid.
        public let totalBeforeCents: Int64
        public let totalAfterCents: Int64
        public let ceilingCents: Int64
        /// The new aid would take the total above the ceiling (reaching it exactly is allowed).
        public let exceeded: Bool
        /// The first day of the period that was counted.
        public let periodStart: CalendarDay
    }

    /// 300 000 € in cents.
    public var ceilingCents: Int64
    public var periodYears: Int

    public init(ceilingCents: Int64 = 30_000_000, periodYears: Int = 3) {
        self.ceilingCents = ceilingCents
        self.periodYears = periodYears
    }

    /// Checks a new aid against the grants of the rolling period ending on `day`: a grant counts when it falls after
    /// the same day `periodYears` years earlier and no later than `day` (decision on 2026-06-15: grants from
    /// 2023-06-16 to 2026-06-15).
    ///
    /// - Parameters:
    ///   - previousGrants: The undertaking's de minimis grants, any dates.
    ///   - newAmountCents: The aid about to be decided.
    ///   - day: The decision date.
    public func check(previousGrants: [Grant], newAmountCents: Int64, on day: CalendarDay) -> Check {
        let start = day.adding(years: -self.periodYears).adding(days: 1)
        let before = previousGrants.filter { $0.grantedOn >= start && $0.grantedOn <= day }.reduce(Int64(0)) {
            $0 + $1.amountCents
        }
        let after = before + newAmountCents
        return Check(
            totalBeforeCents: before, totalAfterCents: after, ceilingCents: self.ceilingCents,
            exceeded: after > self.ceilingCents, periodStart: start)
    }
}

/// The result of ``DeMinimisLedger/check(previousGrants:newAmountCents:on:)``.
public typealias DeMinimisCheck = DeMinimisLedger.Check
