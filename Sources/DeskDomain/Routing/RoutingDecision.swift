/// The result of routing one need, with its explanation: who was matched, and for every candidate expert who was
/// not, the step and rule that excluded them. Codable, to be stored as JSON next to the need.
public struct RoutingDecision: Sendable, Hashable, Codable {
    public let subjectId: String
    public let communeInsee: String
    public let routedOn: CalendarDay
    /// Step 1: the experts covering the commune plus the global-zone experts, in catalogue order.
    public let candidateIds: [String]
    /// Step 5: one entry per expert to match; the default desk alone when ``routedToDefaultDesk``.
    public let matches: [RoutedExpert]
    /// Steps 2–4: every candidate that was excluded, in catalogue order.
    public let exclusions: [RoutingExclusion]
    /// Step 6: no expert remained, so the need goes to the regional default desk.
    public let routedToDefaultDesk: Bool
    /// The e-mail of the default desk's manager to alert, when ``routedToDefaultDesk``.
    public let alertManager: String?

    public init(
        subjectId: String, communeInsee: String, routedOn: CalendarDay, candidateIds: [String], matches: [RoutedExpert],
        exclusions: [RoutingExclusion], routedToDefaultDesk: Bool, alertManager: String?
    ) {
        self.subjectId = subjectId
        self.communeInsee = communeInsee
        self.routedOn = routedOn
        self.candidateIds = candidateIds
        self.matches = matches
        self.exclusions = exclusions
        self.routedToDefaultDesk = routedToDefaultDesk
        self.alertManager = alertManager
    }

    /// The ids of the matched experts.
    public var matchedExpertIds: Set<String> {
        Set(self.matches.map(\.expertId))
    }

    /// Why `expertId` was excluded; `nil` when they were matched or were not a candidate.
    public func exclusion(of expertId: String) -> RoutingExclusion? {
        self.exclusions.first { $0.expert.expertId == expertId }
    }

    /// The decision in sentences, one per line, for the desk's back office and the logs.
    public var explanation: [String] {
        var lines = [
            "subject \(self.subjectId), commune \(self.communeInsee), on \(self.routedOn): "
                + "\(self.candidateIds.count) candidate expert\(self.candidateIds.count == 1 ? "" : "s")"
        ]
        for exclusion in self.exclusions {
            let reasons = exclusion.reasons.map { "\($0.detail) [\($0.source)]" }.joined(separator: "; ")
            lines.append("excluded \(exclusion.expert.expertId) at step \(exclusion.step.rawValue): \(reasons)")
        }
        if self.routedToDefaultDesk {
            let desk = self.matches.first.map { "default desk \($0.expertId)" } ?? "no default desk"
            lines.append("no expert remains: \(desk), alert \(self.alertManager ?? "nobody")")
        } else {
            for match in self.matches {
                lines.append(
                    "matched \(match.expertId) (\(match.fullName), \(match.institutionName), \(match.antenneName))")
            }
        }
        return lines
    }
}
