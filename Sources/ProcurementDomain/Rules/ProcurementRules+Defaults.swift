extension ProcurementRules {
    private static func day(_ iso: String) -> CalendarDate {
        // The literals below are valid dates.
        CalendarDate(iso: iso)!
    }

    /// 2024-25 (historic data and tests) and 2026-27 EU thresholds (domain §2.1, checked). The ACTES figure
    /// for 2026-27 follows the local supplies/services threshold (to confirm, D2131-5-1).
    public static let defaultThresholdPeriods: [ThresholdPeriod] = [
        ThresholdPeriod(
            validFrom: day("2024-01-01"), validThrough: day("2025-12-31"),
            centralSuppliesServices: .euros(143_000), localSuppliesServices: .euros(221_000),
            utilityAndDefenceSuppliesServices: .euros(443_000), works: .euros(5_538_000),
            actesTransmission: .euros(221_000)),
        ThresholdPeriod(
            validFrom: day("2026-01-01"), validThrough: day("2027-12-31"),
            centralSuppliesServices: .euros(140_000), localSuppliesServices: .euros(216_000),
            utilityAndDefenceSuppliesServices: .euros(432_000), works: .euros(5_404_000),
            actesTransmission: .euros(216_000)),
    ]

    /// Works: below 100 000 € from 2026-01-01 (décret 2025-1386, R2122-8). Before 2026 domain.md gives no
    /// figure; the general 40 000 € is used (to confirm before relying on historic dates).
    public static let defaultExemptionWorks: [DatedAmount] = [
        DatedAmount(validFrom: nil, validThrough: day("2025-12-31"), amount: .euros(40_000), rule: "R2122-8"),
        DatedAmount(
            validFrom: day("2026-01-01"), validThrough: nil, amount: .euros(100_000),
            rule: "R2122-8 (décret 2025-1386)"),
    ]

    /// Supplies and services: below 40 000 € until 2026-03-31, below 60 000 € from 2026-04-01 (décret 2025-1386).
    public static let defaultExemptionSuppliesServices: [DatedAmount] = [
        DatedAmount(validFrom: nil, validThrough: day("2026-03-31"), amount: .euros(40_000), rule: "R2122-8"),
        DatedAmount(
            validFrom: day("2026-04-01"), validThrough: nil, amount: .euros(60_000),
            rule: "R2122-8 (décret 2025-1386)"),
    ]

    /// Electronic procedure mandatory at or above 40 000 €, 60 000 € from 2026-04-01 (article to confirm).
    public static let defaultElectronicProcedure: [DatedAmount] = [
        DatedAmount(validFrom: nil, validThrough: day("2026-03-31"), amount: .euros(40_000), rule: "R2132-2"),
        DatedAmount(validFrom: day("2026-04-01"), validThrough: nil, amount: .euros(60_000), rule: "R2132-2"),
    ]
}
