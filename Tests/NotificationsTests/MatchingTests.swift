import Testing

@testable import NotificationsService

@Suite struct MatchingTests {
    let tender = TenderFacts(
        cpvCodes: ["45213000-3", "45233140-2"], departements: ["021"], buyerSiret: "21210231300013", procedure: "adapted",
        title: "Réfection de la VOIRIE communale", description: "Chaussées et trottoirs, œuvre d'art")

    @Test func cpvPrefixesIgnoreTheCheckDigitAndTrailingZerosOfAFullCode() {
        #expect(SubscriptionFilters(cpvPrefixes: ["45"]).matches(self.tender))
        #expect(SubscriptionFilters(cpvPrefixes: ["452"]).matches(self.tender))
        #expect(SubscriptionFilters(cpvPrefixes: ["45213000-3"]).matches(self.tender))
        #expect(SubscriptionFilters(cpvPrefixes: ["45000000"]).matches(self.tender))
        #expect(!SubscriptionFilters(cpvPrefixes: ["453"]).matches(self.tender))
        #expect(!SubscriptionFilters(cpvPrefixes: ["7232"]).matches(self.tender))
    }

    @Test func departementsAreComparedInTheirThreeCharacterForm() {
        #expect(SubscriptionFilters(departements: ["21"]).matches(self.tender))
        #expect(SubscriptionFilters(departements: ["021"]).matches(self.tender))
        #expect(!SubscriptionFilters(departements: ["71", "089"]).matches(self.tender))
        #expect(SubscriptionFilters.departement("2A") == "02A")
        #expect(SubscriptionFilters.departement("971") == "971")
    }

    @Test func keywordsIgnoreCaseAndAccentsAndMatchAtTheStartOfAWord() {
        #expect(SubscriptionFilters(keywords: ["voirie"]).matches(self.tender))
        #expect(SubscriptionFilters(keywords: ["refection"]).matches(self.tender))
        #expect(SubscriptionFilters(keywords: ["CHAUSSEE"]).matches(self.tender))
        #expect(SubscriptionFilters(keywords: ["oeuvre"]).matches(self.tender))
        #expect(!SubscriptionFilters(keywords: ["oirie"]).matches(self.tender))
        #expect(!SubscriptionFilters(keywords: ["éclairage"]).matches(self.tender))
    }

    @Test func everySetFilterMustMatchAndValuesWithinOneAreAlternatives() {
        let both = SubscriptionFilters(cpvPrefixes: ["7232", "452"], departements: ["21"], keywords: ["éclairage", "voirie"])
        #expect(both.matches(self.tender))
        let wrongPlace = SubscriptionFilters(cpvPrefixes: ["452"], departements: ["071"], keywords: ["voirie"])
        #expect(!wrongPlace.matches(self.tender))
        #expect(!SubscriptionFilters(cpvPrefixes: ["452"], procedures: ["open"]).matches(self.tender))
        #expect(SubscriptionFilters(buyerSirets: ["21210231300013"], procedures: ["open", "adapted"]).matches(self.tender))
        #expect(!SubscriptionFilters(buyerSirets: ["55208131700018"]).matches(self.tender))
    }

    @Test func noFilterMatchesEveryTender() {
        #expect(SubscriptionFilters().matches(self.tender))
    }
}
