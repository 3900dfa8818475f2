/// The status of a need, aggregated from its matches (domain §5.3).
public enum NeedStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// No match yet.
    case diagnosisNotComplete
    case quo
    case takingCare
    case done
    case notForMe
    case doneNoHelp
    case doneNotReachable

    /// `done` if any match is `done`; otherwise `takingCare` if any is; otherwise `quo` if any is; otherwise the
    /// most frequent closed status. A tie goes to the more useful outcome for the company, in the order
    /// `doneNoHelp`, `doneNotReachable`, `notForMe` (design). No match gives `diagnosisNotComplete`.
    public static func aggregate(_ matches: [MatchStatus]) -> NeedStatus {
        guard !matches.isEmpty else { return .diagnosisNotComplete }
        if matches.contains(.done) { return .done }
        if matches.contains(.takingCare) { return .takingCare }
        if matches.contains(.quo) { return .quo }
        let order: [MatchStatus] = [.doneNoHelp, .doneNotReachable, .notForMe]
        var best = order[0]
        var bestCount = -1
        for status in order {
            let count = matches.count { $0 == status }
            if count > bestCount {
                best = status
                bestCount = count
            }
        }
        return NeedStatus(rawValue: best.rawValue) ?? .diagnosisNotComplete
    }

    /// Whether the aggregated status is a closed one (`done`, `notForMe`, `doneNoHelp`, `doneNotReachable`). A need
    /// becoming closed triggers the satisfaction survey (domain §5.4).
    public var isClosed: Bool {
        switch self {
        case .diagnosisNotComplete, .quo, .takingCare: return false
        case .done, .notForMe, .doneNoHelp, .doneNotReachable: return true
        }
    }
}
