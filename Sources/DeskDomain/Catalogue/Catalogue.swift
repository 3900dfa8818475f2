/// The support desk's reference data for a region (domain §5.2): themes, subjects, institutions, antennes,
/// experts and the default desk. Loaded from YAML under version control (``load(directory:)``) and checked with
/// ``CatalogueValidator``.
public struct Catalogue: Sendable, Hashable, Codable {
    public var themes: [Theme]
    public var subjects: [Subject]
    public var institutions: [Institution]
    public var antennes: [Antenne]
    public var experts: [Expert]
    /// `nil` only in a broken catalogue; ``CatalogueValidator`` reports it.
    public var defaultDesk: DefaultDesk?

    public init(
        themes: [Theme], subjects: [Subject], institutions: [Institution], antennes: [Antenne], experts: [Expert],
        defaultDesk: DefaultDesk?
    ) {
        self.themes = themes
        self.subjects = subjects
        self.institutions = institutions
        self.antennes = antennes
        self.experts = experts
        self.defaultDesk = defaultDesk
    }

    public func subject(_ id: String) -> Subject? {
        self.subjects.first { $0.id == id }
    }

    public func institution(_ id: String) -> Institution? {
        self.institutions.first { $0.id == id }
    }

    public func antenne(_ id: String) -> Antenne? {
        self.antennes.first { $0.id == id }
    }

    public func expert(_ id: String) -> Expert? {
        self.experts.first { $0.id == id }
    }

    /// The subjects offered to a closed establishment (the business-transfer subject).
    public var subjectsForClosedEstablishments: [Subject] {
        self.subjects.filter(\.acceptsClosedEstablishments)
    }
}
