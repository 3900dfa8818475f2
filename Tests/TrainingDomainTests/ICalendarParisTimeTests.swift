import Foundation
import Testing
import TrainingDomain

@Suite struct ICalendarParisTimeTests {
    typealias F = ICalendarFixtures

    private func utc(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }

    @Test func wallTimesBecomeInstantsOnBothSidesOfSummerTime() {
        #expect(ParisTime.date(year: 2027, month: 3, day: 26, hour: 9, minute: 0) == utc("2027-03-26T08:00:00Z"))
        #expect(ParisTime.date(year: 2027, month: 3, day: 29, hour: 9, minute: 0) == utc("2027-03-29T07:00:00Z"))
        #expect(ParisTime.date(year: 2027, month: 11, day: 2, hour: 13, minute: 30) == utc("2027-11-02T12:30:00Z"))
    }

    @Test func aSkippedTimeGivesTheEndOfTheGapAndARepeatedTimeItsFirstInstant() {
        #expect(ParisTime.date(year: 2027, month: 3, day: 28, hour: 2, minute: 30) == utc("2027-03-28T01:00:00Z"))
        #expect(ParisTime.date(year: 2027, month: 3, day: 28, hour: 3, minute: 0) == utc("2027-03-28T01:00:00Z"))
        #expect(ParisTime.date(year: 2027, month: 10, day: 31, hour: 2, minute: 30) == utc("2027-10-31T00:30:00Z"))
        #expect(ParisTime.date(year: 2027, month: 10, day: 31, hour: 3, minute: 0) == utc("2027-10-31T02:00:00Z"))
    }

    @Test func daysAndTimesThatDoNotExistGiveNil() {
        #expect(ParisTime.date(year: 2027, month: 2, day: 29, hour: 9, minute: 0) == nil)
        #expect(ParisTime.date(year: 2027, month: 4, day: 31, hour: 9, minute: 0) == nil)
        #expect(ParisTime.date(year: 2027, month: 13, day: 1, hour: 9, minute: 0) == nil)
        #expect(ParisTime.date(year: 2027, month: 1, day: 1, hour: 24, minute: 0) == nil)
        #expect(ParisTime.date(year: 2027, month: 1, day: 1, hour: 9, minute: 60) == nil)
        #expect(ParisTime.date(year: 2028, month: 2, day: 29, hour: 9, minute: 0) != nil)
    }

    @Test func localComponentsAreParisWallTime() throws {
        let local = ParisTime.localComponents(of: try #require(utc("2027-10-30T22:30:00Z")))
        #expect(local.year == 2027 && local.month == 10 && local.day == 31)
        #expect(local.hour == 0 && local.minute == 30 && local.second == 0)
        #expect(local.weekday == 1)
    }

    @Test func datesInFrenchOnePerLine() {
        #expect(
            ParisTime.frenchDates(F.marchSlots)
                == "vendredi 26 mars 2027, 9 h – 17 h\nlundi 29 mars 2027, 9 h – 12 h 30")
        #expect(
            ParisTime.frenchDates([F.slot(2027, 4, 1, (8, 5), (17, 30))])
                == "jeudi 1er avril 2027, 8 h 05 – 17 h 30")
        let overnight = CalendarInvitation.Slot(start: F.paris(2027, 12, 31, 20), end: F.paris(2028, 1, 1, 2))
        #expect(
            ParisTime.frenchDates([overnight]) == "vendredi 31 décembre 2027, 20 h – samedi 1er janvier 2028, 2 h")
        #expect(ParisTime.frenchDates([]) == "")
    }
}
