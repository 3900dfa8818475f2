/// A subject a company can ask about, with its intake flags and its yes/no questions (domain §5.1, §5.2).
public struct Subject: Sendable, Hashable, Codable, Identifiable {
    /// A yes/no question asked with the subject ("Is the project above 50 000 €?"); institutions may be excluded
    /// by its answer (``Institution/questionRules``).
    public struct Question: Sendable, Hashable, Codable, Identifiable {
        public var id: String
        public var label: String

        public init(id: String, label: String) {
            self.id = id
            self.label = label
        }

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case id, label
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.id = try container.decode(String.self, forKey: .id)
            self.label = try container.decode(String.self, forKey: .label)
        }
    }

    public var id: String
    public var themeId: String
    public var label: String
    /// Default `true`.
    public var requiresSiret: Bool
    public var requiresRequestedHelpAmount: Bool
    public var requiresLocation: Bool
    public var acceptsClosedEstablishments: Bool
    public var questions: [Question]

    public init(
        id: String, themeId: String, label: String, requiresSiret: Bool = true,
        requiresRequestedHelpAmount: Bool = false,
        requiresLocation: Bool = false, acceptsClosedEstablishments: Bool = false, questions: [Question] = []
    ) {
        self.id = id
        self.themeId = themeId
        self.label = label
        self.requiresSiret = requiresSiret
        self.requiresRequestedHelpAmount = requiresRequestedHelpAmount
        self.requiresLocation = requiresLocation
        self.acceptsClosedEstablishments = acceptsClosedEstablishments
        self.questions = questions
    }

    /// The intake flags, for ``IntakeRules``.
    public var landing: LandingSubject {
        LandingSubject(
            id: self.id, requiresSiret: self.requiresSiret,
            requiresRequestedHelpAmount: self.requiresRequestedHelpAmount,
            requiresLocation: self.requiresLocation, acceptsClosedEstablishments: self.acceptsClosedEstablishments)
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, themeId, label, requiresSiret, requiresRequestedHelpAmount, requiresLocation
        case acceptsClosedEstablishments, questions
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.themeId = try container.decode(String.self, forKey: .themeId)
        self.label = try container.decode(String.self, forKey: .label)
        self.requiresSiret = try container.decodeIfPresent(Bool.self, forKey: .requiresSiret) ?? true
        self.requiresRequestedHelpAmount =
            try container.decodeIfPresent(Bool.self, forKey: .requiresRequestedHelpAmount) ?? false
        self.requiresLocation = try container.decodeIfPresent(Bool.self, forKey: .requiresLocation) ?? false
        self.acceptsClosedEstablishments =
            try container.decodeIfPresent(Bool.self, forKey: .acceptsClosedEstablishments) ?? false
        self.questions = try container.decodeIfPresent([Question].self, forKey: .questions) ?? []
    }
}
