import ProcurementDomain
import Testing

@Suite struct ThresholdEngineTests {
    let engine = ThresholdEngine()

    func assess(
        _ buyer: BuyerKind, _ nature: ContractNature, _ euros: Int64, on iso: String
    ) throws -> ThresholdAssessment {
        try engine.assess(
            ThresholdInput(
                buyerKind: buyer, nature: nature, estimatedValue: .euros(euros), date: DomainFixtures.day(iso)))
    }

    @Test func localSuppliesIn2026() throws {
        let below = try assess(.local, .supplies, 215_000, on: "2026-06-15")
        #expect(below.procedureFamily == .adapted)
        #expect(!below.standstillRequired)
        #expect(!below.actesTransmissionRequired)
        #expect(below.publicity == .boampOrJAL)
        #expect(below.electronicProcedureMandatory)

        let above = try assess(.local, .supplies, 217_000, on: "2026-06-15")
        #expect(above.procedureFamily == .formalised)
        #expect(above.standstillRequired)
        #expect(above.actesTransmissionRequired)
        #expect(above.publicity == .boampAndJOUE)
        #expect(above.euThreshold == .euros(216_000))
    }

    @Test func strictlyBelowSemantics() throws {
        #expect(try assess(.local, .supplies, 215_999, on: "2026-06-15").procedureFamily == .adapted)
        #expect(try assess(.local, .supplies, 216_000, on: "2026-06-15").procedureFamily == .formalised)
        let justBelow = try engine.assess(
            ThresholdInput(
                buyerKind: .local, nature: .services, estimatedValue: AmountHT(cents: 21_599_999),
                date: DomainFixtures.day("2026-06-15")))
        #expect(justBelow.procedureFamily == .adapted)
        #expect(try assess(.local, .works, 99_999, on: "2026-06-15").procedureFamily == .exempt)
        #expect(try assess(.local, .works, 100_000, on: "2026-06-15").procedureFamily == .adapted)
    }

    @Test func worksOf95000InJune2026AreExempt() throws {
        let works = try assess(.local, .works, 95_000, on: "2026-06-15")
        #expect(works.procedureFamily == .exempt)
        #expect(works.publicity == Publicity.none)
        #expect(!works.electronicProcedureMandatory)
    }

    @Test func suppliesOf50000BecomeExemptOnFirstApril2026() throws {
        let before = try assess(.local, .supplies, 50_000, on: "2026-03-31")
        #expect(before.procedureFamily == .adapted)
        #expect(before.publicity == .adapted)
        #expect(before.electronicProcedureMandatory)
        #expect(try assess(.local, .supplies, 50_000, on: "2026-04-01").procedureFamily == .exempt)
        #expect(try assess(.local, .supplies, 59_999, on: "2026-04-01").procedureFamily == .exempt)
        let sixty = try assess(.local, .services, 60_000, on: "2026-04-01")
        #expect(sixty.procedureFamily == .adapted && sixty.electronicProcedureMandatory)
    }

    @Test func euThresholdsPerBuyerAndPeriod() throws {
        #expect(try assess(.central, .supplies, 140_000, on: "2026-01-01").procedureFamily == .formalised)
        #expect(try assess(.central, .supplies, 139_999, on: "2027-12-31").procedureFamily == .adapted)
        #expect(try assess(.utility, .services, 431_999, on: "2026-05-05").procedureFamily == .adapted)
        #expect(try assess(.defence, .supplies, 432_000, on: "2026-05-05").procedureFamily == .formalised)
        #expect(try assess(.local, .works, 5_403_999, on: "2026-05-05").procedureFamily == .adapted)
        #expect(try assess(.central, .works, 5_404_000, on: "2026-05-05").procedureFamily == .formalised)
        // 2024-25 table.
        #expect(try assess(.local, .supplies, 220_999, on: "2025-12-31").procedureFamily == .adapted)
        #expect(try assess(.local, .supplies, 221_000, on: "2025-12-31").procedureFamily == .formalised)
        #expect(try assess(.local, .works, 5_538_000, on: "2024-01-01").euThreshold == .euros(5_538_000))
    }

    @Test func actesOnlyForLocalBuyers() throws {
        #expect(try !assess(.central, .supplies, 300_000, on: "2026-06-15").actesTransmissionRequired)
        #expect(try assess(.local, .works, 300_000, on: "2026-06-15").actesTransmissionRequired)
        #expect(try !assess(.local, .works, 215_999, on: "2026-06-15").actesTransmissionRequired)
    }

    @Test func publicityOfAdaptedProcedures() throws {
        #expect(try assess(.local, .services, 89_999, on: "2026-06-15").publicity == .adapted)
        #expect(try assess(.local, .services, 90_000, on: "2026-06-15").publicity == .boampOrJAL)
    }

    @Test func noTableForTheDateIsAnError() {
        #expect(throws: ProcurementRuleError.self) { try assess(.local, .supplies, 10_000, on: "2023-06-01") }
        #expect(throws: ProcurementRuleError.self) { try assess(.local, .supplies, 10_000, on: "2028-01-01") }
    }

    @Test func defaultRuleFiguresArePinned() {
        let rules = ProcurementRules.default
        #expect(rules.answersBeforeDeadlineDays == 6)
        #expect(rules.answersBeforeDeadlineUrgencyDays == 4)
        #expect(rules.questionsCloseBeforeDeadlineDays == 10)
        #expect(rules.amendmentMinimumRemainingDays == 7)
        #expect(!rules.amendmentInvalidatesBids)
        #expect(rules.standstillDaysElectronic == 11)
        #expect(rules.standstillDaysOther == 16)
        #expect(rules.adaptedPublicityBOAMPOrJAL == .euros(90_000))
        #expect(rules.thresholdPeriods.count == 2)
        #expect(AmountHT.euros(216_000).description == "216000.00 € HT")
    }
}
