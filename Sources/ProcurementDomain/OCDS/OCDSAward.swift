/// An OCDS `Award` (with `relatedLots` from the lots extension).
public struct OCDSAward: Sendable, Hashable, Codable {
    /// The award id.
    public var id: String
    /// The award date (the award decision).
    public var date: OCDSDateTime?
    /// `pending` during the standstill, then `active`.
    public var status: OCDSAwardStatus?
    /// The awarded amount (HT).
    public var value: OCDSValue?
    /// The awardees (references into `parties`).
    public var suppliers: [OCDSOrganizationReference]?
    /// The lots awarded.
    public var relatedLots: [String]?

    /// Creates an award.
    ///
    /// - Parameters:
    ///   - id: The award id.
    ///   - date: The award date.
    ///   - status: The status.
    ///   - value: The amount.
    ///   - suppliers: The awardees.
    ///   - relatedLots: The lot ids.
    public init(
        id: String, date: OCDSDateTime?, status: OCDSAwardStatus?, value: OCDSValue?,
        suppliers: [OCDSOrganizationReference]?, relatedLots: [String]?
    ) {
        self.id = id
        self.date = date
        self.status = status
        self.value = value
        self.suppliers = suppliers
        self.relatedLots = relatedLots
    }
}

/// An OCDS `Contract`: `id`, `awardID`, `status`, `dateSigned`, `value`.
public struct OCDSContract: Sendable, Hashable, Codable {
    /// The contract id.
    public var id: String
    /// The award it implements.
    public var awardID: String
    /// `active` once signed.
    public var status: OCDSContractStatus?
    /// The signature date.
    public var dateSigned: OCDSDateTime?
    /// The contract amount (HT).
    public var value: OCDSValue?

    /// Creates a contract.
    ///
    /// - Parameters:
    ///   - id: The contract id.
    ///   - awardID: The award id.
    ///   - status: The status.
    ///   - dateSigned: The signature date.
    ///   - value: The amount.
    public init(
        id: String, awardID: String, status: OCDSContractStatus?, dateSigned: OCDSDateTime?, value: OCDSValue?
    ) {
        self.id = id
        self.awardID = awardID
        self.status = status
        self.dateSigned = dateSigned
        self.value = value
    }
}
