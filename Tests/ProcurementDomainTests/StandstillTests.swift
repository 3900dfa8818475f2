import Foundation
import ProcurementDomain
import Testing

@Suite struct StandstillTests {
    @Test func appliesOnlyToFormalisedProceduresWithSeveralBids() {
        #expect(Standstill.applies(family: .formalised, bidCount: 2))
        #expect(!Standstill.applies(family: .formalised, bidCount: 1))
        #expect(!Standstill.applies(family: .adapted, bidCount: 5))
        #expect(!Standstill.applies(family: .exempt, bidCount: 5))
    }

    @Test func lettersOfTenAprilAllowSignatureFromTwentyFirst() throws {
        let sent = DomainFixtures.instant("2026-04-10T16:30:00+02:00")
        #expect(
            Standstill.earliestSignatureDate(lettersSentAt: sent, electronic: true) == DomainFixtures.day("2026-04-21"))
        #expect(
            Standstill.earliestSignatureDate(lettersSentAt: sent, electronic: false) == DomainFixtures.day("2026-04-26")
        )
        let period = StandstillPeriod(lettersSentAt: sent, electronic: true)
        #expect(period.earliestSignature == DomainFixtures.instant("2026-04-21T00:00:00+02:00"))
        #expect(!period.allowsSignature(at: DomainFixtures.instant("2026-04-20T23:59:59+02:00")))
        #expect(period.allowsSignature(at: DomainFixtures.instant("2026-04-21T00:00:00+02:00")))
        try period.validateSignature(at: DomainFixtures.instant("2026-04-21T09:00:00+02:00"))
    }

    @Test func signatureBeforeTheEndIsRefusedWithTheRule() {
        let period = StandstillPeriod(
            lettersSentAt: DomainFixtures.instant("2026-04-10T10:00:00+02:00"), electronic: true)
        #expect(
            throws: ProcurementRuleError(
                .standstillNotOver, rule: "R2182-1",
                message:
                    "Signature is allowed from 2026-04-21 (letters sent 2026-04-10, electronically); "
                    + "2026-04-20 is too early."
            )
        ) {
            try period.validateSignature(at: DomainFixtures.instant("2026-04-20T10:00:00+02:00"))
        }
    }

    @Test func theParisDateOfTheLettersCounts() {
        // 22:30 UTC on 9 April is 00:30 on 10 April in Paris.
        let sent = DomainFixtures.instant("2026-04-09T22:30:00Z")
        #expect(
            Standstill.earliestSignatureDate(lettersSentAt: sent, electronic: true) == DomainFixtures.day("2026-04-21"))
    }

    @Test func standstillDaysAreConfigurable() {
        var rules = ProcurementRules.default
        rules.standstillDaysElectronic = 12
        let sent = DomainFixtures.instant("2026-04-10T10:00:00+02:00")
        #expect(
            Standstill.earliestSignatureDate(lettersSentAt: sent, electronic: true, rules: rules)
                == DomainFixtures.day("2026-04-22"))
    }
}
