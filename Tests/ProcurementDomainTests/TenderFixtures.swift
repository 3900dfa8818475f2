import Foundation
import Identifiers

@testable import ProcurementDomain

/// Shared helpers for the domain tests (dates, a publishable tender).
enum DomainFixtures {
    /// An instant from ISO 8601 with offset, e.g. `2026-03-02T10:00:00+01:00`.
    static func instant(_ iso: String) -> Date {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: iso) else { fatalError("bad fixture instant \(iso)") }
        return date
    }

    /// A legal date `YYYY-MM-DD`.
    static func day(_ iso: String) -> CalendarDate {
        guard let date = CalendarDate(iso: iso) else { fatalError("bad fixture date \(iso)") }
        return date
    }

    /// A formalised assessment for a local authority (2026: 216 000 € threshold, ACTES required).
    static let formalisedLocal = try! ThresholdEngine().assess(
        ThresholdInput(buyerKind: .local, nature: .supplies, estimatedValue: .euros(300_000), date: day("2026-03-02")))

    /// An adapted assessment.
    static let adaptedLocal = try! ThresholdEngine().assess(
        ThresholdInput(buyerKind: .local, nature: .supplies, estimatedValue: .euros(150_000), date: day("2026-03-02")))

    /// A publishable open-procedure draft with two lots, deadline 2026-04-02 12:00 Paris.
    static func openDraft(deadline: String = "2026-04-02T12:00:00+02:00") -> Tender {
        Tender(
            id: "T-2026-001", procedure: .open, lots: [Lot(id: "1", title: "Lot 1"), Lot(id: "2", title: "Lot 2")],
            mainCPV: try! CPVCode("45213000-3"), thresholds: formalisedLocal, deadline: instant(deadline),
            dceContainsRC: true)
    }

    /// The opener.
    static let opener = TenderCaller(id: "agent-7", roles: [.opener])
    /// An administrator without the opener role.
    static let administrator = TenderCaller(id: "admin-1", roles: [.administrator])
}
