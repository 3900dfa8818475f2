/// An expert as a routing decision records them: enough to send the match and to read the decision later even if
/// the catalogue has changed since.
public struct RoutedExpert: Sendable, Hashable, Codable {
    public let expertId: String
    public let fullName: String
    public let email: String
    public let institutionId: String
    public let institutionName: String
    public let antenneId: String
    public let antenneName: String

    public init(
        expertId: String, fullName: String, email: String, institutionId: String, institutionName: String,
        antenneId: String, antenneName: String
    ) {
        self.expertId = expertId
        self.fullName = fullName
        self.email = email
        self.institutionId = institutionId
        self.institutionName = institutionName
        self.antenneId = antenneId
        self.antenneName = antenneName
    }
}
