/// Builds the OCDS record of one tender from its history: one release per event, and the compiled release.
///
/// Releases are tagged `tender` (publication, unsuccessful lot), `tenderAmendment` (amendment, deadline
/// change), `tenderCancellation`, `award` and `contract`, with ids `{ocid}-{n}-{tag}` (n from 1). Each release
/// carries the buyer, the tender id and status, and what the event changed; the compiled release merges them.
///
/// Statuses (domain §2.3, design for lots): the tender and its lots are `active` once published; a lot becomes
/// `complete` when a contract covering it is signed and `unsuccessful` when declared so; the tender becomes
/// `complete` (or `unsuccessful` if no lot was contracted) once every lot is terminal, and `cancelled` (with
/// its lots still open) on a "déclaration sans suite".
public struct OCDSRecordBuilder: Sendable {
    /// The ocid prefix; the ocid is `{prefix}-{tenderId}`. To confirm (domain §2.11): the registered OCDS
    /// prefix is `ocds-` plus six characters.
    public var prefix: String
    /// The org-id scheme of SIRETs in `parties[].identifier`. To confirm (domain §2.11): `FR-SIRET` by default.
    public var organizationScheme: String
    /// The `language` of every release.
    public var language: String?

    /// The default ocid prefix, `ocds-passerelle` (to confirm).
    public static let defaultPrefix = "ocds-passerelle"
    /// The default org-id scheme, `FR-SIRET` (to confirm).
    public static let defaultOrganizationScheme = "FR-SIRET"

    /// Creates a builder.
    ///
    /// - Parameters:
    ///   - prefix: The ocid prefix (default `ocds-passerelle`, to confirm).
    ///   - organizationScheme: The org-id scheme for SIRETs (default `FR-SIRET`, to confirm).
    ///   - language: The releases' language (default `fr`).
    public init(
        prefix: String = Self.defaultPrefix, organizationScheme: String = Self.defaultOrganizationScheme,
        language: String? = "fr"
    ) {
        self.prefix = prefix
        self.organizationScheme = organizationScheme
        self.language = language
    }

    /// The ocid of a tender.
    ///
    /// - Parameter tenderID: The tender id.
    /// - Returns: `{prefix}-{tenderID}`.
    public func ocid(tenderID: String) -> String { "\(self.prefix)-\(tenderID)" }

    /// The party id of an organization: `{scheme}-{SIRET}`.
    ///
    /// - Parameter siret: The SIRET.
    /// - Returns: The id used in `parties` and organization references.
    public func partyID(siret: String) -> String { "\(self.organizationScheme)-\(siret)" }

    /// Builds the record of a tender.
    ///
    /// - Parameters:
    ///   - tenderID: The tender id (`tender.id`, and the ocid's suffix).
    ///   - history: The events, oldest first, starting with `published`.
    /// - Returns: The record: the releases in history order and the compiled release.
    /// - Throws: ``OCDSExportError`` when the history does not start with a publication, goes back in time,
    ///   continues after a cancellation, or names an unknown lot or award.
    public func record(tenderID: String, history: [TenderHistoryEntry]) throws(OCDSExportError) -> OCDSRecord {
        guard !self.prefix.isEmpty, !self.prefix.contains("#") else {
            throw OCDSExportError(
                .invalidPrefix, entryIndex: nil, message: "the ocid prefix must be non-empty, without #"
            )
        }
        guard case .published(let publication) = history.first else {
            throw OCDSExportError(
                .notPublished, entryIndex: history.isEmpty ? nil : 0,
                message: "the history must start with the publication"
            )
        }
        var state = OCDSBuildState(builder: self, tenderID: tenderID, publication: publication)
        var releases = [state.publishedRelease(publication)]
        for (index, entry) in history.enumerated().dropFirst() {
            try state.check(entry, at: index)
            releases.append(try state.release(for: entry, number: index + 1, at: index))
        }
        // A non-empty history always compiles.
        let compiled = OCDSRelease.compiled(from: releases) ?? releases[0]
        return OCDSRecord(ocid: state.ocid, releases: releases, compiledRelease: compiled)
    }
}
