/// An OCDS 1.1 release: one process (`ocid`) at one point in time.
///
/// The schema requires `ocid`, `id`, `date`, `tag` (at least one) and `initiationType`; they are
/// non-optional here.
public struct OCDSRelease: Sendable, Hashable, Codable {
    /// The process id: `{prefix}-{tenderId}`.
    public var ocid: String
    /// The release id, unique within the process (`{ocid}-{n}-{tag}`; `{ocid}-{date}` when compiled).
    public var id: String
    /// When the information was recorded.
    public var date: OCDSDateTime
    /// What the release is about.
    public var tag: [OCDSReleaseTag]
    /// Always `tender`.
    public var initiationType: OCDSInitiationType
    /// The language of the texts (`fr`).
    public var language: String?
    /// The organizations involved and their roles.
    public var parties: [OCDSOrganization]?
    /// The buyer (a reference into `parties`).
    public var buyer: OCDSOrganizationReference?
    /// The tender section.
    public var tender: OCDSTender?
    /// The awards.
    public var awards: [OCDSAward]?
    /// The contracts.
    public var contracts: [OCDSContract]?

    /// Creates a release with its required fields; set the sections as needed.
    ///
    /// - Parameters:
    ///   - ocid: The process id.
    ///   - id: The release id.
    ///   - date: The release date.
    ///   - tag: The tags (at least one).
    ///   - initiationType: `tender`.
    public init(
        ocid: String, id: String, date: OCDSDateTime, tag: [OCDSReleaseTag],
        initiationType: OCDSInitiationType = .tender
    ) {
        self.ocid = ocid
        self.id = id
        self.date = date
        self.tag = tag
        self.initiationType = initiationType
    }
}
