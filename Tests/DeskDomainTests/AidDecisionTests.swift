import DeskDomain
import Foundation
import Testing

@Suite struct AidDecisionTests {
    @Test func anAidDecisionIsCodedWithItsDay() throws {
        let decision = AidDecision(
            aidForm: .zeroRateRepayableAdvance, amountCents: 5_000_000, votedAt: TestSupport.day("2026-07-03"),
            decisionBody: "Commission permanente du conseil régional", byDeliberation: true)
        let data = try JSONEncoder().encode(decision)
        #expect(String(decoding: data, as: UTF8.self).contains("\"votedAt\":\"2026-07-03\""))
        #expect(try JSONDecoder().decode(AidDecision.self, from: data) == decision)
    }
}
