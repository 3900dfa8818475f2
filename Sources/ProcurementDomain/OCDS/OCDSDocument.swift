/// An OCDS `Document` (a file of the DCE, a notice).
public struct OCDSDocument: Sendable, Hashable, Codable {
    /// The document id, unique in its section.
    public var id: String
    /// The type, from the `documentType` codelist (`biddingDocuments`, `tenderNotice`, …).
    public var documentType: String?
    /// The title (often the file name).
    public var title: String?
    /// A description (Passerelle states the DCE version).
    public var description: String?
    /// Where to download it.
    public var url: String?
    /// When it was first published.
    public var datePublished: OCDSDateTime?
    /// When it was last modified.
    public var dateModified: OCDSDateTime?
    /// The media type (`application/pdf`).
    public var format: String?

    /// Creates a document.
    ///
    /// - Parameters:
    ///   - id: The document id.
    ///   - documentType: The documentType code.
    ///   - title: The title.
    ///   - description: A description.
    ///   - url: The download address.
    ///   - datePublished: First publication.
    ///   - dateModified: Last modification.
    ///   - format: The media type.
    public init(
        id: String, documentType: String? = nil, title: String? = nil, description: String? = nil,
        url: String? = nil, datePublished: OCDSDateTime? = nil, dateModified: OCDSDateTime? = nil,
        format: String? = nil
    ) {
        self.id = id
        self.documentType = documentType
        self.title = title
        self.description = description
        self.url = url
        self.datePublished = datePublished
        self.dateModified = dateModified
        self.format = format
    }
}

/// An OCDS `Amendment` of the tender: `id`, `date`, `description`, `rationale`.
public struct OCDSAmendment: Sendable, Hashable, Codable {
    /// The amendment id.
    public var id: String
    /// When it was made.
    public var date: OCDSDateTime?
    /// What changed.
    public var description: String?
    public var rationale: String?

    /// Creates an amendment.
    ///
    /// - Parameters:
    ///   - id: The amendment id.
    ///   - date: When it was made.
    ///   - description: What changed.
    ///   - rationale: Why.
    public init(id: String, date: OCDSDateTime?, description: String?, rationale: String? = nil) {
        self.id = id
        self.date = date
        self.description = description
        self.rationale = rationale
    }
}
