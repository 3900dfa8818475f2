import Foundation

/// The standstill period between the rejection letters and the signature (domain §2.9, R2182-1).
public struct StandstillPeriod: Sendable, Hashable, Codable {
    /// When the rejection letters were sent (the send time reported by the notification service).
    public let lettersSentAt: Date
    /// Whether they were sent electronically (11 days) or not (16 days).
    public let electronic: Bool
    /// The first Europe/Paris date the contract may be signed: send date + 11 (or 16) days.
    public let earliestSignatureDate: CalendarDate

    /// The instant signature becomes possible: the start of ``earliestSignatureDate`` in Europe/Paris.
    public var earliestSignature: Date { earliestSignatureDate.start() }

    /// Creates a period from the letters' send time.
    public init(lettersSentAt: Date, electronic: Bool, rules: ProcurementRules = .default) {
        self.lettersSentAt = lettersSentAt
        self.electronic = electronic
        let days = electronic ? rules.standstillDaysElectronic : rules.standstillDaysOther
        self.earliestSignatureDate = CalendarDate(lettersSentAt).adding(days: days)
    }

    /// Whether a signature at `instant` respects the standstill.
    public func allowsSignature(at instant: Date) -> Bool {
        CalendarDate(instant) >= earliestSignatureDate
    }

    /// Refuses a signature before the end of the standstill.
    /// - Throws: ``ProcurementRuleError`` `standstillNotOver` (R2182-1) with the earliest date.
    public func validateSignature(at instant: Date) throws(ProcurementRuleError) {
        guard allowsSignature(at: instant) else {
            throw ProcurementRuleError(
                .standstillNotOver, rule: "R2182-1",
                message: "Signature is allowed from \(earliestSignatureDate) (letters sent "
                    + "\(CalendarDate(lettersSentAt)), \(electronic ? "electronically" : "not electronically")); "
                    + "\(CalendarDate(instant)) is too early.")
        }
    }
}

/// Standstill rules (domain §2.9, R2182-1).
public enum Standstill {
    /// Whether a standstill applies: formalised procedure and more than one bid. It does not apply to the
    /// adapted procedure or when only one bid was received.
    public static func applies(family: ProcedureFamily, bidCount: Int) -> Bool {
        family == .formalised && bidCount > 1
    }

    /// The first Europe/Paris date the contract may be signed: the letters' send date + 11 days (16 when not
    /// sent electronically). Letters sent 2026-04-10 electronically → 2026-04-21.
    public static func earliestSignatureDate(
        lettersSentAt: Date, electronic: Bool, rules: ProcurementRules = .default
    ) -> CalendarDate {
        StandstillPeriod(lettersSentAt: lettersSentAt, electronic: electronic, rules: rules).earliestSignatureDate
    }
}
