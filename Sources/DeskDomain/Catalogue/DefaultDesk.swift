/// The regional default desk: the expert a need goes to when no expert remains after routing, and the manager
/// alerted when that happens (domain §5.2 step 6).
public struct DefaultDesk: Sendable, Hashable, Codable {
    public var expertId: String
    public var manager: Contact

    public init(expertId: String, manager: Contact) {
        self.expertId = expertId
        self.manager = manager
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case expertId, manager
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.expertId = try container.decode(String.self, forKey: .expertId)
        self.manager = try container.decode(Contact.self, forKey: .manager)
    }
}
