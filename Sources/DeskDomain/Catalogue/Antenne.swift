import Identifiers

/// A local, regional or national office of an institution: the communes it covers, its manager, and filters that
/// override its institution's (``MatchFilters/overridden(by:)``).
public struct Antenne: Sendable, Hashable, Codable, Identifiable {
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        case local
        case regional
        case national
    }

    /// Communes (INSEE codes) and départements (2- or 3-character form, `21` or `021`). A commune is covered when
    /// it is listed or its département is.
    public struct Coverage: Sendable, Hashable, Codable {
        public var communes: [String]
        public var departements: [String]

        public init(communes: [String] = [], departements: [String] = []) {
            self.communes = communes
            self.departements = departements
        }

        public var isEmpty: Bool { self.communes.isEmpty && self.departements.isEmpty }

        /// Whether `commune` (an INSEE code) is covered.
        public func covers(_ commune: String) -> Bool {
            if self.communes.contains(commune) { return true }
            guard let departement = CommuneCode.departement(of: commune) else { return false }
            return self.departements.contains { (try? Departement($0)) == departement }
        }

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case communes, departements
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.communes = try container.decodeIfPresent([String].self, forKey: .communes) ?? []
            self.departements = try container.decodeIfPresent([String].self, forKey: .departements) ?? []
        }
    }

    public var id: String
    public var institutionId: String
    public var name: String
    public var level: Level
    public var coverage: Coverage
    /// Alerted when a match stays unanswered (``FollowUpPolicy``).
    public var manager: Contact
    public var filters: MatchFilters

    public init(
        id: String, institutionId: String, name: String, level: Level, coverage: Coverage, manager: Contact,
        filters: MatchFilters = .none
    ) {
        self.id = id
        self.institutionId = institutionId
        self.name = name
        self.level = level
        self.coverage = coverage
        self.manager = manager
        self.filters = filters
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, institutionId, name, level, coverage, manager, filters
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.institutionId = try container.decode(String.self, forKey: .institutionId)
        self.name = try container.decode(String.self, forKey: .name)
        self.level = try container.decode(Level.self, forKey: .level)
        self.coverage = try container.decodeIfPresent(Coverage.self, forKey: .coverage) ?? Coverage()
        self.manager = try container.decode(Contact.self, forKey: .manager)
        self.filters = try container.decodeIfPresent(MatchFilters.self, forKey: .filters) ?? .none
    }
}
