import Foundation
import ProcurementDomain
import Testing

@Suite struct HolidayCalendarTests {
    let calendar = PublicHolidayCalendar.france

    @Test(arguments: [
        (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"), (2030, "2030-04-21"),
        (2019, "2019-04-21"), (2038, "2038-04-25"),
    ])
    func easterByTheGregorianComputus(year: Int, easter: String) {
        #expect(PublicHolidayCalendar.easterSunday(year: year) == DomainFixtures.day(easter))
    }

    @Test(arguments: [
        ("2024-04-01", "2024-05-09", "2024-05-20"), ("2025-04-21", "2025-05-29", "2025-06-09"),
        ("2026-04-06", "2026-05-14", "2026-05-25"), ("2027-03-29", "2027-05-06", "2027-05-17"),
        ("2030-04-22", "2030-05-30", "2030-06-10"),
    ])
    func easterBasedHolidays(easterMonday: String, ascension: String, whitMonday: String) {
        for iso in [easterMonday, ascension, whitMonday] {
            let date = DomainFixtures.day(iso)
            #expect(calendar.isHoliday(date), "\(iso)")
            #expect(!calendar.isWorkingDay(date), "\(iso)")
            #expect(!calendar.isHoliday(date.adding(days: 1)), "\(iso) + 1")
        }
        #expect(calendar.holidayName(on: DomainFixtures.day(ascension)) == "Ascension")
    }

    @Test func elevenHolidaysEveryYear() {
        for year in 2024...2030 {
            #expect(calendar.holidays(in: year).count == 11)
        }
        #expect(calendar.holidayName(on: DomainFixtures.day("2026-07-14")) == "Fête nationale")
    }

    @Test func weekendsAndHolidaysAreNotWorkingDays() {
        #expect(calendar.isWorkingDay(DomainFixtures.day("2026-04-01")))  // Wednesday
        #expect(!calendar.isWorkingDay(DomainFixtures.day("2026-04-04")))  // Saturday
        #expect(!calendar.isWorkingDay(DomainFixtures.day("2026-04-05")))  // Sunday
        #expect(!calendar.isWorkingDay(DomainFixtures.day("2026-05-01")))  // Friday, 1 May
    }

    @Test func nextWorkingDay() {
        // Sunday 2026-03-08 → Monday; Friday 1 May 2026 → Monday 4 May; Tuesday 14 July 2026 → Wednesday.
        #expect(
            calendar.nextWorkingDay(onOrAfter: DomainFixtures.day("2026-03-08")) == DomainFixtures.day("2026-03-09"))
        #expect(
            calendar.nextWorkingDay(onOrAfter: DomainFixtures.day("2026-05-01")) == DomainFixtures.day("2026-05-04"))
        #expect(
            calendar.nextWorkingDay(onOrAfter: DomainFixtures.day("2026-07-14")) == DomainFixtures.day("2026-07-15"))
        // Saturday 4 April 2026 → Sunday Easter → Easter Monday → Tuesday 7 April.
        #expect(
            calendar.nextWorkingDay(onOrAfter: DomainFixtures.day("2026-04-04")) == DomainFixtures.day("2026-04-07"))
        #expect(
            calendar.nextWorkingDay(onOrAfter: DomainFixtures.day("2026-04-01")) == DomainFixtures.day("2026-04-01"))
    }

    @Test func calendarDatesInParisAcrossDST() {
        // 23:30 UTC on 31 March 2026 is already 1 April in Paris (UTC+2 since 29 March).
        #expect(CalendarDate(DomainFixtures.instant("2026-03-31T23:30:00Z")) == DomainFixtures.day("2026-04-01"))
        // 23:30 UTC on 1 February is 00:30 on 2 February in Paris (UTC+1).
        #expect(CalendarDate(DomainFixtures.instant("2026-02-01T23:30:00Z")) == DomainFixtures.day("2026-02-02"))
        #expect(DomainFixtures.day("2026-04-01").start() == DomainFixtures.instant("2026-03-31T22:00:00Z"))
        #expect(DomainFixtures.day("2026-01-15").start() == DomainFixtures.instant("2026-01-14T23:00:00Z"))
        // Seven Paris days from before the spring change keep the wall-clock time.
        #expect(
            DomainFixtures.instant("2026-03-25T12:00:00+01:00").addingParisDays(7)
                == DomainFixtures.instant("2026-04-01T12:00:00+02:00"))
    }

    @Test func calendarDateArithmetic() throws {
        let date = DomainFixtures.day("2024-02-28")
        #expect(date.adding(days: 1) == DomainFixtures.day("2024-02-29"))
        #expect(date.adding(days: 2) == DomainFixtures.day("2024-03-01"))
        #expect(DomainFixtures.day("2026-03-02").days(until: DomainFixtures.day("2026-04-01")) == 30)
        #expect(DomainFixtures.day("1970-01-01").weekday == .thursday)
        #expect(DomainFixtures.day("2026-03-02").weekday == .monday)
        #expect(CalendarDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDate(iso: "2026-3-02") == nil)
        #expect(DomainFixtures.day("2026-03-02").description == "2026-03-02")
        let data = try JSONEncoder().encode([DomainFixtures.day("2026-03-02")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-03-02\"]")
    }

    @Test func customHolidayTable() {
        let calendar = PublicHolidayCalendar(
            fixed: [.init(month: 12, day: 26, name: "Saint-Étienne")],
            easterBased: [.init(offsetDays: -2, name: "Vendredi saint")])
        #expect(calendar.isHoliday(DomainFixtures.day("2026-12-26")))
        #expect(calendar.isHoliday(DomainFixtures.day("2026-04-03")))
        #expect(!calendar.isHoliday(DomainFixtures.day("2026-12-25")))
    }
}
