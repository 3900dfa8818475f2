/// An institution of the catalogue (the Region, a CCI, Bpifrance…), with the filters its antennes inherit and the
/// question rules that can exclude it (domain §5.2 steps 3–4).
public struct Institution: Sendable, Hashable, Codable, Identifiable {
    /// What kind of body it is. Extensible: a kind not listed here decodes as itself.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public static let region = Kind(rawValue: "region")
        public static let departement = Kind(rawValue: "departement")
        public static let epci = Kind(rawValue: "epci")
        public static let cci = Kind(rawValue: "cci")
        public static let cma = Kind(rawValue: "cma")
        public static let bpifrance = Kind(rawValue: "bpifrance")
        /// A development or export agency (AD BFC, Business France).
        public static let agency = Kind(rawValue: "agency")
        /// A support network (Initiative France, France Active).
        public static let network = Kind(rawValue: "network")
        public static let state = Kind(rawValue: "state")

        /// The kinds the validator knows.
        public static let known: Set<Kind> = [
            .region, .departement, .epci, .cci, .cma, .bpifrance, .agency, .network, .state,
        ]

        public var description: String { self.rawValue }

        public init(from decoder: any Decoder) throws {
            self.rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(self.rawValue)
        }
    }

    /// Excludes the institution when the answer to a question is `excludeWhenAnswer`. An unanswered question
    /// excludes nobody.
    public struct QuestionRule: Sendable, Hashable, Codable {
        public var questionId: String
        public var excludeWhenAnswer: Bool

        public init(questionId: String, excludeWhenAnswer: Bool) {
            self.questionId = questionId
            self.excludeWhenAnswer = excludeWhenAnswer
        }

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case questionId, excludeWhenAnswer
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.questionId = try container.decode(String.self, forKey: .questionId)
            self.excludeWhenAnswer = try container.decode(Bool.self, forKey: .excludeWhenAnswer)
        }
    }

    public var id: String
    public var name: String
    public var kind: Kind
    public var filters: MatchFilters
    public var questionRules: [QuestionRule]

    public init(id: String, name: String, kind: Kind, filters: MatchFilters = .none, questionRules: [QuestionRule] = [])
    {
        self.id = id
        self.name = name
        self.kind = kind
        self.filters = filters
        self.questionRules = questionRules
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, kind, filters, questionRules
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.name = try container.decode(String.self, forKey: .name)
        self.kind = try container.decode(Kind.self, forKey: .kind)
        self.filters = try container.decodeIfPresent(MatchFilters.self, forKey: .filters) ?? .none
        self.questionRules = try container.decodeIfPresent([QuestionRule].self, forKey: .questionRules) ?? []
    }
}
