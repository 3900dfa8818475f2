/// What the intake form needs for a subject (domain §5.1): the flags of a Place des Entreprises landing subject.
public struct LandingSubject: Sendable, Hashable, Codable {
    /// The subject id, the same as the catalogue's ``Subject/id``.
    public var id: String
    /// A SIRET is required. Default `true`; `false` for people who have no company yet (creation, takeover).
    public var requiresSiret: Bool
    /// The requested help amount is required (financing subjects).
    public var requiresRequestedHelpAmount: Bool
    /// The commune (INSEE code) is required, for subjects asked without a SIRET that gives it.
    public var requiresLocation: Bool
    /// The subject is offered to a closed establishment (the business-transfer subject). Others refuse one
    /// ("to confirm", domain §5.1).
    public var acceptsClosedEstablishments: Bool

    public init(
        id: String, requiresSiret: Bool = true, requiresRequestedHelpAmount: Bool = false,
        requiresLocation: Bool = false,
        acceptsClosedEstablishments: Bool = false
    ) {
        self.id = id
        self.requiresSiret = requiresSiret
        self.requiresRequestedHelpAmount = requiresRequestedHelpAmount
        self.requiresLocation = requiresLocation
        self.acceptsClosedEstablishments = acceptsClosedEstablishments
    }
}
