import Foundation
import ProcurementDomain
import Testing

@Suite struct DeadlineCalculatorTests {
    let calculator = DeadlineCalculator()
    let published = DomainFixtures.instant("2026-03-02T09:00:00+01:00")

    @Test func openElectronicNoticeOf2MarchRefuses31MarchAndAccepts1April() throws {
        let minimum = try #require(
            calculator.minimumDeadline(procedure: .open, sentOn: DomainFixtures.day("2026-03-02")))
        #expect(minimum.days == 30)
        #expect(minimum.rule == "R2161-2")
        #expect(minimum.earliestDate == DomainFixtures.day("2026-04-01"))

        #expect(
            throws: ProcurementRuleError(
                .deadlineTooShort, rule: "R2161-2",
                message:
                    "A 30-day minimum from 2026-03-02 requires a deadline on or after 2026-04-01; "
                    + "2026-03-31 is too early."
            )
        ) {
            try calculator.validate(
                deadline: DomainFixtures.instant("2026-03-31T23:59:00+02:00"), publishedAt: published, procedure: .open)
        }
        let check = try calculator.validate(
            deadline: DomainFixtures.instant("2026-04-01T00:01:00+02:00"), publishedAt: published, procedure: .open)
        #expect(check.minimum?.earliestDate == DomainFixtures.day("2026-04-01"))
        #expect(check.warnings.isEmpty)
    }

    @Test func timeLimitsPerProcedure() {
        func days(
            _ procedure: ProcedureType, _ stage: ReceiptStage = .tenders, _ conditions: DeadlineConditions = .standard
        ) -> Int? {
            calculator.timeLimit(procedure: procedure, stage: stage, conditions: conditions)?.days
        }
        #expect(days(.open) == 30)
        #expect(days(.open, .tenders, DeadlineConditions(electronicSubmission: false)) == 35)
        #expect(days(.open, .tenders, DeadlineConditions(urgency: true)) == 15)
        #expect(days(.open, .tenders, DeadlineConditions(priorInformationNotice: true)) == 15)
        #expect(days(.restricted, .applications) == 30)
        #expect(days(.restricted, .applications, DeadlineConditions(urgency: true)) == 15)
        #expect(days(.restricted) == 25)
        #expect(days(.restricted, .tenders, DeadlineConditions(electronicSubmission: false)) == 30)
        #expect(days(.restricted, .tenders, DeadlineConditions(priorInformationNotice: true)) == 10)
        #expect(days(.competitiveWithNegotiation) == 25)
        #expect(days(.competitiveWithNegotiation, .applications) == 30)
        #expect(days(.adapted) == nil)
        #expect(
            calculator.timeLimit(procedure: .open, conditions: DeadlineConditions(urgency: true))?.rule == "R2161-3")
        #expect(calculator.timeLimit(procedure: .restricted, stage: .applications)?.rule == "R2161-6")
        #expect(calculator.timeLimit(procedure: .restricted)?.rule == "R2161-8")
    }

    @Test func lastDayOnSundayMovesToMonday() {
        // 2026-02-06 + 30 = Sunday 2026-03-08 → Monday 2026-03-09.
        let minimum = calculator.minimumDeadline(procedure: .open, sentOn: DomainFixtures.day("2026-02-06"))
        #expect(minimum?.earliestDate == DomainFixtures.day("2026-03-09"))
    }

    @Test func lastDayOnFirstMayMovesToNextWorkingDay() {
        // 2026-04-01 + 30 = Friday 1 May → Monday 4 May.
        let minimum = calculator.minimumDeadline(procedure: .open, sentOn: DomainFixtures.day("2026-04-01"))
        #expect(minimum?.earliestDate == DomainFixtures.day("2026-05-04"))
    }

    @Test func lastDayOnFourteenJulyMovesToNextWorkingDay() {
        // 2026-06-14 + 30 = Tuesday 14 July → Wednesday 15 July.
        let minimum = calculator.minimumDeadline(procedure: .open, sentOn: DomainFixtures.day("2026-06-14"))
        #expect(minimum?.earliestDate == DomainFixtures.day("2026-07-15"))
    }

    @Test func lastDayOnEasterBasedHolidaysMoves() {
        // Whit Monday 2027-05-17: 2027-04-17 + 30. Ascension 2030-05-30: 2030-04-30 + 30 → Friday 31 May.
        #expect(
            calculator.minimumDeadline(procedure: .open, sentOn: DomainFixtures.day("2027-04-17"))?.earliestDate
                == DomainFixtures.day("2027-05-18"))
        #expect(
            calculator.minimumDeadline(procedure: .open, sentOn: DomainFixtures.day("2030-04-30"))?.earliestDate
                == DomainFixtures.day("2030-05-31"))
        // Easter Monday 2025-04-21: 2025-03-22 + 30.
        #expect(
            calculator.minimumDeadline(procedure: .open, sentOn: DomainFixtures.day("2025-03-22"))?.earliestDate
                == DomainFixtures.day("2025-04-22"))
        // Easter Monday 2024-04-01: 2024-03-02 + 30 = 1 April 2024 → Tuesday 2 April.
        #expect(
            calculator.minimumDeadline(procedure: .open, sentOn: DomainFixtures.day("2024-03-02"))?.earliestDate
                == DomainFixtures.day("2024-04-02"))
    }

    @Test func dayZeroIsTheParisDateOfPublication() throws {
        // 23:30 UTC on 1 March is 00:30 on 2 March in Paris: day 0 is 2 March.
        let lateNight = DomainFixtures.instant("2026-03-01T23:30:00Z")
        _ = try calculator.validate(
            deadline: DomainFixtures.instant("2026-04-01T12:00:00+02:00"), publishedAt: lateNight, procedure: .open)
    }

    @Test func adaptedProcedureOnlyWarnsBelowTwentyDays() throws {
        let short = try calculator.validate(
            deadline: DomainFixtures.instant("2026-03-12T12:00:00+01:00"), publishedAt: published, procedure: .adapted)
        #expect(short.minimum == nil)
        #expect(short.warnings.map(\.code) == [.shortAdaptedDeadline])
        let fine = try calculator.validate(
            deadline: DomainFixtures.instant("2026-03-22T12:00:00+01:00"), publishedAt: published, procedure: .adapted)
        #expect(fine.warnings.isEmpty)
    }

    @Test func deadlineBeforePublicationIsRefused() {
        #expect(throws: ProcurementRuleError.self) {
            try calculator.validate(
                deadline: published.addingTimeInterval(-60), publishedAt: published, procedure: .adapted)
        }
    }

    @Test func configurableTimeLimitsAndWarningPinnedDefaults() {
        var rules = ProcurementRules.default
        #expect(rules.timeLimits.adaptedWarningDays == 20)
        #expect(rules.timeLimits.open.days == 35)
        rules.timeLimits.openElectronic = .init(days: 40, rule: "test")
        let custom = DeadlineCalculator(rules: rules)
        #expect(custom.minimumDeadline(procedure: .open, sentOn: DomainFixtures.day("2026-03-02"))?.days == 40)
    }
}
