/// An expert (a person or a shared mailbox) of an antenne, and the subjects they take.
public struct Expert: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var antenneId: String
    public var fullName: String
    public var email: String
    public var subjectIds: [String]
    /// National coverage: a candidate whatever the facility's commune (domain §5.2 step 1).
    public var globalZone: Bool
    /// The expert's own communes; when set, they replace the antenne's coverage for this expert.
    public var communes: [String]

    public init(
        id: String, antenneId: String, fullName: String, email: String, subjectIds: [String], globalZone: Bool = false,
        communes: [String] = []
    ) {
        self.id = id
        self.antenneId = antenneId
        self.fullName = fullName
        self.email = email
        self.subjectIds = subjectIds
        self.globalZone = globalZone
        self.communes = communes
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, antenneId, fullName, email, subjectIds, globalZone, communes
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.antenneId = try container.decode(String.self, forKey: .antenneId)
        self.fullName = try container.decode(String.self, forKey: .fullName)
        self.email = try container.decode(String.self, forKey: .email)
        self.subjectIds = try container.decodeIfPresent([String].self, forKey: .subjectIds) ?? []
        self.globalZone = try container.decodeIfPresent(Bool.self, forKey: .globalZone) ?? false
        self.communes = try container.decodeIfPresent([String].self, forKey: .communes) ?? []
    }
}
