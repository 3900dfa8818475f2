import DeskDomain
import Testing

/// Sixteen companies routed on the real catalogue (`catalogue/desk`) on 2026-06-15, each with the exact experts it
/// must reach. The comment of each row says which rule it exercises.
@Suite struct RoutingTableTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let subject: String
        let naf: String?
        let band: HeadcountBand
        let created: String?
        let commune: String
        let legal: String?
        let answers: [String: Bool]
        let experts: Set<String>

        var testDescription: String { self.name }
    }

    static let rows: [Row] = [
        // Every filter passes somewhere; cma21 fails acceptedNafCodes, initiative21 maxYearsOfExistence (11 > 5).
        Row(
            name: "IT services SAS in Dijon", subject: "financer-un-projet-d-investissement", naf: "62.01Z",
            band: .from20To49, created: "2015-03-02", commune: "21231", legal: "5710",
            answers: ["projectAbove50k": true],
            experts: [
                "region-investissement", "bpifrance-dijon-charge-affaires", "adbfc-charge-affaires",
                "dijon-metropole-developpeur",
            ]),
        // excludedNafCodes: the region's antenne excludes 56.10; Bpifrance effectifMin; Initiative maxYears.
        Row(
            name: "restaurant in Beaune (56.10A)", subject: "financer-un-projet-d-investissement", naf: "56.10A",
            band: .from6To9, created: "2019-05-10", commune: "21054", legal: "5499",
            answers: ["projectAbove50k": false],
            experts: ["adbfc-charge-affaires"]),
        // minYearsOfExistence: created 8 months ago, AD BFC requires 1 year.
        Row(
            name: "8-month-old company in Chalon-sur-Saône", subject: "financer-un-projet-d-investissement",
            naf: "62.02A",
            band: .from1To2, created: "2025-10-15", commune: "71076", legal: "5710",
            answers: ["projectAbove50k": false],
            experts: ["region-investissement", "initiative71-charge-pret"]),
        // acceptedNafCodes and acceptedLegalForms pass for the CMA (bakery, sole trader).
        Row(
            name: "artisan bakery in Dijon", subject: "financer-un-projet-d-investissement", naf: "10.71C",
            band: .from3To5, created: "2023-01-20", commune: "21231", legal: "1000",
            answers: ["projectAbove50k": false],
            experts: [
                "region-investissement", "cma21-conseiller", "adbfc-charge-affaires", "dijon-metropole-developpeur",
                "initiative21-charge-pret",
            ]),
        // Question rule: projectAbove50k = yes excludes Initiative, keeps Bpifrance.
        Row(
            name: "plumber in Mâcon, project above 50 k€", subject: "financer-un-projet-d-investissement",
            naf: "43.22A",
            band: .from10To19, created: "2024-02-01", commune: "71270", legal: "5499",
            answers: ["projectAbove50k": true],
            experts: ["region-investissement", "bpifrance-dijon-charge-affaires", "adbfc-charge-affaires"]),
        // Antenne override: Initiative Saône-et-Loire's maxYearsOfExistence 3 replaces the network's 5.
        Row(
            name: "4-year-old shop in Chalon-sur-Saône", subject: "financer-un-projet-d-investissement", naf: "47.11B",
            band: .from3To5, created: "2022-01-10", commune: "71076", legal: "5499",
            answers: ["projectAbove50k": false],
            experts: ["region-investissement", "adbfc-charge-affaires"]),
        // effectifMax: band 32 (250–499) is above the region antenne's 249.
        Row(
            name: "250–499 staff manufacturer in Besançon", subject: "financer-un-projet-d-investissement",
            naf: "28.15Z",
            band: .from250To499, created: "1990-06-01", commune: "25056", legal: "5710",
            answers: ["projectAbove50k": true],
            experts: ["bpifrance-besancon-charge-affaires", "adbfc-charge-affaires", "grand-besancon-developpeur"]),
        // An expert's own communes: AD BFC's Nord Franche-Comté expert covers Montbéliard.
        Row(
            name: "R&D company in Montbéliard", subject: "innover", naf: "72.19Z", band: .from50To99,
            created: "2010-09-01",
            commune: "25388", legal: "5710", answers: ["projectAbove50k": true],
            experts: [
                "region-investissement", "bpifrance-besancon-charge-affaires", "adbfc-charge-affaires",
                "adbfc-nord-franche-comte",
            ]),
        // Band NN fails every headcount filter (region max, Bpifrance min and max).
        Row(
            name: "unknown headcount in Vesoul", subject: "innover", naf: "72.19Z", band: .unknown,
            created: "2018-04-04",
            commune: "70550", legal: "5710", answers: ["projectAbove50k": true], experts: ["adbfc-charge-affaires"]),
        // excludedLegalForms: Bpifrance excludes communes (7210).
        Row(
            name: "commune of Nevers", subject: "innover", naf: "84.11Z", band: .from100To199, created: "1985-01-01",
            commune: "58194", legal: "7210", answers: ["projectAbove50k": true],
            experts: ["region-investissement", "adbfc-charge-affaires"]),
        // A project without a company: unknown NAF fails the CMA's accepted list, passes the CCI's excluded one.
        Row(
            name: "creator without SIRET in Besançon", subject: "s-installer-creer", naf: nil, band: .unknown,
            created: nil,
            commune: "25056", legal: nil, answers: [:],
            experts: ["region-transmission", "cci25-creation", "grand-besancon-developpeur"]),
        // The business-transfer subject for a closed bakery.
        Row(
            name: "closed bakery in Auxerre to take over", subject: "reprendre-une-entreprise", naf: "10.71C",
            band: .from1To2,
            created: "1998-03-01", commune: "89024", legal: "1000", answers: [:],
            experts: ["region-transmission", "cma89-conseiller"]),
        // Only a global-zone expert remains: the regional adviser and Bpifrance fail effectifMin.
        Row(
            name: "1–2 staff winery in Lons-le-Saunier exporting", subject: "exporter", naf: "11.02B", band: .from1To2,
            created: "2012-07-01", commune: "39300", legal: "5499", answers: ["firstExport": true],
            experts: ["business-france-export"]),
        // Global-zone experts together with the regional one.
        Row(
            name: "20–49 staff supplier in Belfort exporting", subject: "exporter", naf: "29.32Z", band: .from20To49,
            created: "2005-01-01", commune: "90010", legal: "5710", answers: [:],
            experts: ["bpifrance-export", "tfe-conseiller-bfc", "business-france-export"]),
        // Nobody takes recruitment in the Yonne: the default desk.
        Row(
            name: "wholesaler in Auxerre recruiting", subject: "recruter", naf: "46.90Z", band: .from10To19,
            created: "2016-01-01", commune: "89024", legal: "5710", answers: [:], experts: ["guichet-jentreprends"]),
        // acceptedLegalForms: a cooperative (5458) is not among the CMA's forms although its NAF is.
        Row(
            name: "cooperative bakery in Sens", subject: "transition-ecologique", naf: "10.71C", band: .from6To9,
            created: "2014-09-01", commune: "89387", legal: "5458", answers: [:],
            experts: ["region-transition", "adbfc-charge-affaires"]),
    ]

    let router = Router(catalogue: TestSupport.catalogue)

    @Test(arguments: rows)
    func reachesExactlyTheExpectedExperts(_ row: Row) {
        let facility = TestSupport.facility(
            naf: row.naf, band: row.band, created: row.created, commune: row.commune, legal: row.legal)
        let decision = self.router.route(
            subjectId: row.subject, facility: facility, answers: row.answers, on: TestSupport.routingDay)
        #expect(decision.matchedExpertIds == row.experts, "\(decision.explanation.joined(separator: "\n"))")
        #expect(decision.routedToDefaultDesk == (row.experts == ["guichet-jentreprends"]))
        #expect(decision.matches.count == decision.matchedExpertIds.count)
        // Every candidate is either matched or explained.
        if !decision.routedToDefaultDesk {
            #expect(
                Set(decision.candidateIds)
                    == decision.matchedExpertIds.union(decision.exclusions.map(\.expert.expertId)))
        }
    }

    @Test func theTableExercisesEveryFilterKind() {
        var rules: Set<String> = []
        for row in Self.rows {
            let facility = TestSupport.facility(
                naf: row.naf, band: row.band, created: row.created, commune: row.commune, legal: row.legal)
            let decision = self.router.route(
                subjectId: row.subject, facility: facility, answers: row.answers, on: TestSupport.routingDay)
            for exclusion in decision.exclusions {
                rules.formUnion(exclusion.reasons.map(\.rule))
            }
        }
        #expect(rules.isSuperset(of: MatchFilters.Field.allCases.map(\.rawValue)))
        #expect(rules.isSuperset(of: ["subject", "projectAbove50k"]))
    }
}
