/// An OCDS `Identifier` of an organization: a scheme from org-id.guide and the id in that scheme.
public struct OCDSIdentifier: Sendable, Hashable, Codable {
    /// The org-id scheme, e.g. `FR-SIRET` (to confirm, domain §2.11).
    public var scheme: String?
    /// The id within the scheme (the 14-digit SIRET).
    public var id: String?
    /// The registered legal name.
    public var legalName: String?

    /// Creates an identifier.
    ///
    /// - Parameters:
    ///   - scheme: The org-id scheme.
    ///   - id: The id within the scheme.
    ///   - legalName: The registered legal name.
    public init(scheme: String?, id: String?, legalName: String? = nil) {
        self.scheme = scheme
        self.id = id
        self.legalName = legalName
    }
}

/// An entry of a release's `parties`: an organization and its roles in the process.
public struct OCDSOrganization: Sendable, Hashable, Codable {
    /// The party id, unique in the process (`FR-SIRET-55208131700018`).
    public var id: String
    /// The common name.
    public var name: String?
    /// The primary identifier.
    public var identifier: OCDSIdentifier?
    /// The roles, from the partyRole codelist (`buyer`, `supplier`, `tenderer`, …).
    public var roles: [String]?

    /// Creates a party.
    ///
    /// - Parameters:
    ///   - id: The party id.
    ///   - name: The common name.
    ///   - identifier: The primary identifier.
    ///   - roles: The partyRole codes.
    public init(id: String, name: String?, identifier: OCDSIdentifier?, roles: [String]?) {
        self.id = id
        self.name = name
        self.identifier = identifier
        self.roles = roles
    }
}

/// A reference to an entry of `parties` (`buyer`, `awards[].suppliers[]`).
public struct OCDSOrganizationReference: Sendable, Hashable, Codable {
    /// The party id.
    public var id: String
    /// The party name.
    public var name: String?

    /// Creates a reference.
    ///
    /// - Parameters:
    ///   - id: The party id.
    ///   - name: The party name.
    public init(id: String, name: String?) {
        self.id = id
        self.name = name
    }
}
