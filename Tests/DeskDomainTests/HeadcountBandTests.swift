import ContractTypes
import DeskDomain
import Testing

@Suite struct HeadcountBandTests {
    @Test func everyInseeCodeHasItsBounds() {
        let expected: [(String, Int?, Int?)] = [
            ("NN", nil, nil), ("00", 0, 0), ("01", 1, 2), ("02", 3, 5), ("03", 6, 9), ("11", 10, 19), ("12", 20, 49),
            ("21", 50, 99), ("22", 100, 199), ("31", 200, 249), ("32", 250, 499), ("41", 500, 999),
            ("42", 1000, 1999), ("51", 2000, 4999), ("52", 5000, 9999), ("53", 10000, nil),
        ]
        #expect(HeadcountBand.allCases.count == expected.count)
        for (code, lower, upper) in expected {
            let band = HeadcountBand(code: code)
            #expect(band?.lowerBound == lower, "\(code)")
            #expect(band?.upperBound == upper, "\(code)")
        }
        #expect(HeadcountBand(code: "04") == nil)
        #expect(HeadcountBand.from10000.label == "10000+")
    }

    @Test func aFacilityPassesWhenItsWholeBandLiesWithinTheBounds() {
        let day = TestSupport.routingDay
        func passes(_ band: HeadcountBand, min: Int? = nil, max: Int? = nil) -> Bool {
            let facility = TestSupport.facility(
                naf: "62.01Z", band: band, created: "2010-01-01", commune: "21231", legal: "5710")
            return MatchFilters(effectifMin: min, effectifMax: max).failures(for: facility, on: day).isEmpty
        }
        #expect(passes(.from10To19, min: 10))
        #expect(!passes(.from6To9, min: 10))
        #expect(passes(.from200To249, max: 249))
        #expect(!passes(.from250To499, max: 249))
        #expect(!passes(.from10000, max: 100_000))
        #expect(!passes(.unknown, min: 0))
        #expect(!passes(.unknown, max: 10))
        #expect(passes(.unknown))
    }

    @Test func wholeYearsCountAnniversaries() {
        let created = TestSupport.day("2025-10-15")
        #expect(created.wholeYears(until: TestSupport.day("2026-06-15")) == 0)
        #expect(created.wholeYears(until: TestSupport.day("2026-10-14")) == 0)
        #expect(created.wholeYears(until: TestSupport.day("2026-10-15")) == 1)
        #expect(TestSupport.day("2024-02-29").adding(years: 1) == TestSupport.day("2025-02-28"))
        #expect(CalendarDay("2026-02-30") == nil)
    }
}
