/// A theme of the catalogue ("Financer mon projet"), grouping subjects.
public struct Theme: Sendable, Hashable, Codable, Identifiable {
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
