import DeskDomain
import Testing

@Suite struct DeMinimisLedgerTests {
    let ledger = DeMinimisLedger()
    let decisionDay = TestSupport.day("2026-06-15")

    @Test func ceilingIs300000EurosOverThreeYears() {
        #expect(self.ledger.ceilingCents == 30_000_000)
        #expect(self.ledger.periodYears == 3)
    }

    @Test func receiving280000AndAsking50000IsFlagged() {
        let grants = [DeMinimisLedger.Grant(grantedOn: TestSupport.day("2024-09-01"), amountCents: 28_000_000)]
        let check = self.ledger.check(previousGrants: grants, newAmountCents: 5_000_000, on: self.decisionDay)
        #expect(check.exceeded)
        #expect(check.totalBeforeCents == 28_000_000)
        #expect(check.totalAfterCents == 33_000_000)
        #expect(check.ceilingCents == 30_000_000)
    }

    @Test func aGrantOlderThanThreeYearsDoesNotCount() {
        let old = DeMinimisLedger.Grant(grantedOn: TestSupport.day("2023-01-10"), amountCents: 28_000_000)
        let check = self.ledger.check(previousGrants: [old], newAmountCents: 5_000_000, on: self.decisionDay)
        #expect(!check.exceeded)
        #expect(check.totalBeforeCents == 0)
        // The period is rolling: exactly three years before is out, the day after is in.
        let boundary = self.ledger.check(
            previousGrants: [
                .init(grantedOn: TestSupport.day("2023-06-15"), amountCents: 10_000_000),
                .init(grantedOn: TestSupport.day("2023-06-16"), amountCents: 20_000_000),
            ], newAmountCents: 0, on: self.decisionDay)
        #expect(boundary.totalBeforeCents == 20_000_000)
        #expect(boundary.periodStart == TestSupport.day("2023-06-16"))
    }

    @Test func reachingTheCeilingExactlyIsAllowed() {
        let grants = [DeMinimisLedger.Grant(grantedOn: TestSupport.day("2025-01-01"), amountCents: 25_000_000)]
        #expect(!self.ledger.check(previousGrants: grants, newAmountCents: 5_000_000, on: self.decisionDay).exceeded)
        #expect(self.ledger.check(previousGrants: grants, newAmountCents: 5_000_001, on: self.decisionDay).exceeded)
    }
}
