import DeskDomain
import Foundation
import Testing

@Suite struct RoutingExplanationTests {
    let router = Router(catalogue: TestSupport.catalogue)
    let day = TestSupport.routingDay

    @Test func nafExcludedByTheRegionIsExplainedWithTheFilterAndItsOwner() throws {
        let restaurant = TestSupport.facility(
            naf: "56.10A", band: .from6To9, created: "2019-05-10", commune: "21054", legal: "5499")
        let decision = self.router.route(
            subjectId: "financer-un-projet-d-investissement", facility: restaurant, answers: ["projectAbove50k": false],
            on: self.day)
        #expect(!decision.matches.contains { $0.institutionId == "region-bfc" })
        let region = try #require(decision.exclusion(of: "region-investissement"))
        #expect(region.step == .filters)
        #expect(region.reasons.map(\.rule) == ["excludedNafCodes"])
        #expect(region.reasons.first?.detail == "excludedNafCodes: 56.10A matches excluded prefix 56.10")
        #expect(region.reasons.first?.source == "antenne region-bfc-economie")
        #expect(
            decision.explanation.contains {
                $0.contains("excluded region-investissement at step filters: excludedNafCodes: 56.10A")
            })
    }

    @Test func companyCreatedEightMonthsAgoIsNotMatchedByAnAntenneRequiringOneYear() throws {
        let young = TestSupport.facility(
            naf: "62.02A", band: .from1To2, created: "2025-10-15", commune: "71076", legal: "5710")
        let decision = self.router.route(
            subjectId: "financer-un-projet-d-investissement", facility: young, answers: [:], on: self.day)
        let agency = try #require(decision.exclusion(of: "adbfc-charge-affaires"))
        #expect(agency.reasons.map(\.rule) == ["minYearsOfExistence"])
        #expect(
            agency.reasons.first?.detail
                == "minYearsOfExistence: created 2025-10-15, 0 whole years on 2026-06-15, fewer than 1")
        // One day after the first anniversary it is matched.
        let later = self.router.route(
            subjectId: "financer-un-projet-d-investissement", facility: young, answers: [:],
            on: TestSupport.day("2026-10-15"))
        #expect(later.matchedExpertIds.contains("adbfc-charge-affaires"))
    }

    @Test func inheritedAndOverriddenFiltersNameTheirSource() throws {
        let shop = TestSupport.facility(
            naf: "47.11B", band: .from3To5, created: "2022-01-10", commune: "71076", legal: "5499")
        let decision = self.router.route(
            subjectId: "financer-un-projet-d-investissement", facility: shop, answers: ["projectAbove50k": false],
            on: self.day)
        let initiative = try #require(decision.exclusion(of: "initiative71-charge-pret"))
        #expect(initiative.reasons.map(\.source) == ["antenne initiative-71"])
        let bpifrance = try #require(decision.exclusion(of: "bpifrance-dijon-charge-affaires"))
        #expect(bpifrance.reasons.map(\.rule) == ["effectifMin"])
        #expect(bpifrance.reasons.map(\.source) == ["institution bpifrance"])
    }

    @Test func questionRuleExcludesTheInstitutionAtStepFour() throws {
        let plumber = TestSupport.facility(
            naf: "43.22A", band: .from10To19, created: "2024-02-01", commune: "71270", legal: "5499")
        let decision = self.router.route(
            subjectId: "financer-un-projet-d-investissement", facility: plumber, answers: ["projectAbove50k": true],
            on: self.day)
        let initiative = try #require(decision.exclusion(of: "initiative71-charge-pret"))
        #expect(initiative.step == .questions)
        #expect(
            initiative.reasons.first?.detail
                == "projectAbove50k: answered yes, which excludes Initiative Bourgogne-Franche-Comté")
        let unanswered = self.router.route(
            subjectId: "financer-un-projet-d-investissement", facility: plumber, answers: [:], on: self.day)
        #expect(unanswered.matchedExpertIds.contains("initiative71-charge-pret"))
    }

    @Test func noRemainingExpertGoesToTheDefaultDeskAndAlertsItsManager() throws {
        let wholesaler = TestSupport.facility(
            naf: "46.90Z", band: .from10To19, created: "2016-01-01", commune: "89024", legal: "5710")
        let decision = self.router.route(subjectId: "recruter", facility: wholesaler, answers: [:], on: self.day)
        #expect(decision.routedToDefaultDesk)
        #expect(decision.alertManager == "helene.garnier@region-bfc.example")
        #expect(decision.matches.map(\.expertId) == ["guichet-jentreprends"])
        #expect(decision.exclusions.allSatisfy { $0.step == .subject })
        #expect(!decision.exclusions.isEmpty)
    }

    @Test func theDecisionRoundTripsThroughJSON() throws {
        let company = TestSupport.facility(
            naf: "62.01Z", band: .from20To49, created: "2015-03-02", commune: "21231", legal: "5710")
        let decision = self.router.route(
            subjectId: "financer-un-projet-d-investissement", facility: company, answers: ["projectAbove50k": true],
            on: self.day)
        let data = try JSONEncoder().encode(decision)
        #expect(try JSONDecoder().decode(RoutingDecision.self, from: data) == decision)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"routedOn\":\"2026-06-15\""))
    }

    @Test func anExpertListedTwiceIsMatchedOnce() {
        var catalogue = TestSupport.catalogue
        catalogue.experts.append(catalogue.experts.first { $0.id == "dijon-metropole-developpeur" }!)
        let company = TestSupport.facility(
            naf: "62.01Z", band: .from20To49, created: "2015-03-02", commune: "21231", legal: "5710")
        let decision = Router(catalogue: catalogue).route(
            subjectId: "recruter", facility: company, answers: [:], on: self.day)
        #expect(decision.matches.map(\.expertId).sorted() == ["cci21-rh", "dijon-metropole-developpeur"])
    }
}
