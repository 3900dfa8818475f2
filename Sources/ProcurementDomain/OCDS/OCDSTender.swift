/// The OCDS `tender` section (the subset Passerelle publishes, plus `lots` from the lots extension).
public struct OCDSTender: Sendable, Hashable, Codable {
    /// The tender id (Passerelle's tender id).
    public var id: String
    /// The title.
    public var title: String?
    /// A short description.
    public var description: String?
    /// The status (domain §2.3 mapping).
    public var status: OCDSTenderStatus?
    /// Details of the status, e.g. the reason of a "déclaration sans suite".
    public var statusDetails: String?
    /// The estimated value (HT).
    public var value: OCDSValue?
    /// The method, mapped from the French procedure.
    public var procurementMethod: OCDSProcurementMethod?
    /// The French procedure's name (`Appel d'offres ouvert`).
    public var procurementMethodDetails: String?
    /// Works, goods or services.
    public var mainProcurementCategory: OCDSProcurementCategory?
    /// The items, each classified by CPV.
    public var items: [OCDSItem]?
    /// Publication to the bid deadline.
    public var tenderPeriod: OCDSPeriod?
    /// The consultation documents (DCE).
    public var documents: [OCDSDocument]?
    /// The amendments, with their dates and reasons.
    public var amendments: [OCDSAmendment]?
    /// The lots (lots extension).
    public var lots: [OCDSLot]?

    /// Creates a tender section with only an id and a status; set the other fields as needed.
    ///
    /// - Parameters:
    ///   - id: The tender id.
    ///   - status: The status.
    public init(id: String, status: OCDSTenderStatus? = nil) {
        self.id = id
        self.status = status
    }
}

/// A lot (OCDS lots extension): `id`, `title`, `description`, `status`, `value`.
public struct OCDSLot: Sendable, Hashable, Codable {
    /// The lot id, unique in the tender.
    public var id: String
    /// The title.
    public var title: String?
    /// A description.
    public var description: String?
    /// The lot's own status (the `tenderStatus` codelist).
    public var status: OCDSTenderStatus?
    /// The lot's estimated value (HT).
    public var value: OCDSValue?

    /// Creates a lot.
    ///
    /// - Parameters:
    ///   - id: The lot id.
    ///   - title: The title.
    ///   - description: A description.
    ///   - status: The lot status.
    ///   - value: The estimated value.
    public init(
        id: String, title: String? = nil, description: String? = nil, status: OCDSTenderStatus? = nil,
        value: OCDSValue? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.status = status
        self.value = value
    }
}

/// An item to procure, with its classification and (lots extension) its lot.
public struct OCDSItem: Sendable, Hashable, Codable {
    /// The item id, unique in the tender.
    public var id: String
    /// A description.
    public var description: String?
    /// The CPV classification.
    public var classification: OCDSClassification?
    /// The lot the item belongs to.
    public var relatedLot: String?

    /// Creates an item.
    ///
    /// - Parameters:
    ///   - id: The item id.
    ///   - description: A description.
    ///   - classification: The classification.
    ///   - relatedLot: The lot id.
    public init(id: String, description: String?, classification: OCDSClassification?, relatedLot: String? = nil) {
        self.id = id
        self.description = description
        self.classification = classification
        self.relatedLot = relatedLot
    }
}

/// A classification: `scheme` (`CPV`), `id` (the code) and `description` (its label).
public struct OCDSClassification: Sendable, Hashable, Codable {
    /// The scheme, `CPV` here.
    public var scheme: String?
    /// The code, kept as given (a string, e.g. `45213000-3` or `45213000`).
    public var id: String?
    /// The code's label.
    public var description: String?

    /// Creates a classification.
    ///
    /// - Parameters:
    ///   - scheme: The scheme.
    ///   - id: The code.
    ///   - description: The label.
    public init(scheme: String?, id: String?, description: String? = nil) {
        self.scheme = scheme
        self.id = id
        self.description = description
    }
}

/// An OCDS `Period` (the subset used: start and end instants).
public struct OCDSPeriod: Sendable, Hashable, Codable {
    /// The start.
    public var startDate: OCDSDateTime?
    /// The end (for `tenderPeriod`, the bid deadline).
    public var endDate: OCDSDateTime?

    /// Creates a period.
    ///
    /// - Parameters:
    ///   - startDate: The start.
    ///   - endDate: The end.
    public init(startDate: OCDSDateTime? = nil, endDate: OCDSDateTime? = nil) {
        self.startDate = startDate
        self.endDate = endDate
    }
}
