/// Routes a need to experts following domain §5.2, steps 1 to 6, and explains the result.
///
/// 1. Candidates: experts covering the facility's commune (their own communes when set, else their antenne's
///    coverage), plus global-zone experts.
/// 2. Keep the experts declared for the need's subject.
/// 3. Apply the match filters: the antenne's, each field falling back to its institution's
///    (``MatchFilters/overridden(by:)``).
/// 4. Apply the question rules of each expert's institution to the answers given; an unanswered question excludes
///    nobody.
/// 5. One match per remaining expert (an expert listed twice is matched once).
/// 6. If none remains, the default desk, with its manager to alert.
///
/// The router assumes a catalogue without validation errors; on a broken one it still returns a decision (an
/// unknown antenne covers nothing and filters nothing, an unknown subject is taken by nobody).
public struct Router: Sendable {
    public let catalogue: Catalogue
    private let antennes: [String: Antenne]
    private let institutions: [String: Institution]

    public init(catalogue: Catalogue) {
        self.catalogue = catalogue
        self.antennes = Dictionary(catalogue.antennes.map { ($0.id, $0) }) { first, _ in first }
        self.institutions = Dictionary(catalogue.institutions.map { ($0.id, $0) }) { first, _ in first }
    }

    /// Routes one need.
    ///
    /// - Parameters:
    ///   - subjectId: The need's subject.
    ///   - facility: The establishment (or the project's commune, ``Facility/project(communeInsee:)``).
    ///   - answers: Yes/no answers by question id.
    ///   - day: The routing date in `Europe/Paris`; years of existence are counted up to it.
    /// - Returns: The matches and the explanation.
    public func route(subjectId: String, facility: Facility, answers: [String: Bool], on day: CalendarDay)
        -> RoutingDecision
    {
        var seen: Set<String> = []
        var candidates: [Expert] = []
        for expert in self.catalogue.experts where !seen.contains(expert.id) && self.isCandidate(expert, for: facility)
        {
            seen.insert(expert.id)
            candidates.append(expert)
        }
        var matches: [RoutedExpert] = []
        var exclusions: [RoutingExclusion] = []
        for expert in candidates {
            let routed = self.routed(expert)
            if let excluded = self.exclusion(
                of: expert, subjectId: subjectId, facility: facility, answers: answers, on: day)
            {
                exclusions.append(RoutingExclusion(expert: routed, step: excluded.step, reasons: excluded.reasons))
            } else {
                matches.append(routed)
            }
        }
        var alert: String?
        let toDefaultDesk = matches.isEmpty
        if toDefaultDesk, let desk = self.catalogue.defaultDesk {
            alert = desk.manager.email
            if let expert = self.catalogue.expert(desk.expertId) {
                matches = [self.routed(expert)]
            }
        }
        return RoutingDecision(
            subjectId: subjectId, communeInsee: facility.communeInsee, routedOn: day,
            candidateIds: candidates.map(\.id),
            matches: matches, exclusions: exclusions, routedToDefaultDesk: toDefaultDesk, alertManager: alert)
    }

    /// Step 1.
    private func isCandidate(_ expert: Expert, for facility: Facility) -> Bool {
        if expert.globalZone { return true }
        if !expert.communes.isEmpty { return expert.communes.contains(facility.communeInsee) }
        return self.antennes[expert.antenneId]?.coverage.covers(facility.communeInsee) ?? false
    }

    /// Steps 2–4: the first step that excludes the expert, with its reasons; `nil` when the expert is kept.
    private func exclusion(
        of expert: Expert, subjectId: String, facility: Facility, answers: [String: Bool], on day: CalendarDay
    ) -> (step: RoutingExclusion.Step, reasons: [RoutingExclusion.Reason])? {
        guard expert.subjectIds.contains(subjectId) else {
            let taken = expert.subjectIds.isEmpty ? "none" : expert.subjectIds.joined(separator: ", ")
            let reason = RoutingExclusion.Reason(
                rule: "subject", source: "expert \(expert.id)",
                detail: "subject: does not take \(subjectId) (takes \(taken))")
            return (.subject, [reason])
        }
        let antenne = self.antennes[expert.antenneId]
        let institution = antenne.flatMap { self.institutions[$0.institutionId] }
        let own = antenne?.filters ?? .none
        let filters = (institution?.filters ?? .none).overridden(by: own)
        let failures = filters.failures(for: facility, on: day)
        if !failures.isEmpty {
            let reasons = failures.map { failure in
                let source =
                    own.isSet(failure.field) || institution == nil
                    ? "antenne \(expert.antenneId)" : "institution \(institution?.id ?? "")"
                return RoutingExclusion.Reason(rule: failure.field.rawValue, source: source, detail: failure.detail)
            }
            return (.filters, reasons)
        }
        if let institution {
            let reasons = institution.questionRules.compactMap { rule -> RoutingExclusion.Reason? in
                guard let answer = answers[rule.questionId], answer == rule.excludeWhenAnswer else { return nil }
                let word = answer ? "yes" : "no"
                return RoutingExclusion.Reason(
                    rule: rule.questionId, source: "institution \(institution.id)",
                    detail: "\(rule.questionId): answered \(word), which excludes \(institution.name)")
            }
            if !reasons.isEmpty {
                return (.questions, reasons)
            }
        }
        return nil
    }

    private func routed(_ expert: Expert) -> RoutedExpert {
        let antenne = self.antennes[expert.antenneId]
        let institution = antenne.flatMap { self.institutions[$0.institutionId] }
        return RoutedExpert(
            expertId: expert.id, fullName: expert.fullName, email: expert.email,
            institutionId: institution?.id ?? antenne?.institutionId ?? "", institutionName: institution?.name ?? "",
            antenneId: expert.antenneId, antenneName: antenne?.name ?? "")
    }
}
