import Foundation

/// What ``OCDSRecordBuilder`` tracks while it walks a history: lots and their statuses, awards, ids in use.
struct OCDSBuildState {
    let builder: OCDSRecordBuilder
    let ocid: String
    let tenderID: String
    let buyer: OCDSOrganization
    /// Lot ids in publication order, and each lot's status.
    let lotIDs: [String]
    var lotStatus: [String: OCDSTenderStatus]
    var tenderStatus: OCDSTenderStatus = .active
    /// Each award's lots.
    var awardLots: [String: [String]] = [:]
    var contractIDs: Set<String> = []
    var amendmentIDs: Set<String> = []
    var publishedDocumentIDs: Set<String> = []
    var lastDate: Date
    var cancelled = false
    var deadlineChanges = 0

    init(builder: OCDSRecordBuilder, tenderID: String, publication: TenderHistoryEntry.Publication) {
        self.builder = builder
        self.ocid = builder.ocid(tenderID: tenderID)
        self.tenderID = tenderID
        self.buyer = OCDSOrganization(
            id: builder.partyID(siret: publication.buyer.siret), name: publication.buyer.name,
            identifier: OCDSIdentifier(
                scheme: builder.organizationScheme, id: publication.buyer.siret, legalName: publication.buyer.name
            ),
            roles: ["buyer"]
        )
        self.lotIDs = publication.lots.map(\.id)
        self.lotStatus = Dictionary(publication.lots.map { ($0.id, .active) }, uniquingKeysWith: { first, _ in first })
        self.lastDate = publication.date
    }

    var buyerReference: OCDSOrganizationReference {
        OCDSOrganizationReference(id: self.buyer.id, name: self.buyer.name)
    }

    /// Rejects an entry that cannot follow the history so far.
    mutating func check(_ entry: TenderHistoryEntry, at index: Int) throws(OCDSExportError) {
        if case .published = entry {
            throw OCDSExportError(.publishedTwice, entryIndex: index, message: "the tender is already published")
        }
        guard !self.cancelled else {
            throw OCDSExportError(.afterCancellation, entryIndex: index, message: "the tender was cancelled before")
        }
        guard entry.date >= self.lastDate else {
            throw OCDSExportError(.outOfOrder, entryIndex: index, message: "the entry is dated before the previous one")
        }
        self.lastDate = entry.date
    }

    /// Fails unless every id is a lot of the tender.
    func requireLots(_ ids: [String], at index: Int) throws(OCDSExportError) {
        for id in ids where self.lotStatus[id] == nil {
            throw OCDSExportError(.unknownLot, entryIndex: index, message: "lot \(id) is not a lot of the tender")
        }
    }

    /// Records a new id of some kind, failing on a repeat.
    func requireNew(_ id: String, in used: Set<String>, kind: String, at index: Int) throws(OCDSExportError) {
        guard !used.contains(id) else {
            throw OCDSExportError(.duplicateID, entryIndex: index, message: "\(kind) \(id) appears twice")
        }
    }

    /// Sets lots' statuses, then the tender's once every lot is terminal.
    mutating func setLots(_ ids: [String], to status: OCDSTenderStatus) {
        for id in ids { self.lotStatus[id] = status }
        let terminal: Set<OCDSTenderStatus> = [.complete, .unsuccessful, .cancelled]
        guard self.lotStatus.values.allSatisfy({ terminal.contains($0) }) else { return }
        self.tenderStatus = self.lotStatus.values.contains(.complete) ? .complete : .unsuccessful
    }

    /// The lots with the given ids, carrying only their current status.
    func lotStatuses(_ ids: [String]) -> [OCDSLot]? {
        ids.isEmpty ? nil : ids.map { OCDSLot(id: $0, status: self.lotStatus[$0]) }
    }

    /// A release with the common fields: required ones, language, buyer and the tender's id and status.
    func baseRelease(number: Int, date: Date, tag: OCDSReleaseTag) -> OCDSRelease {
        var release = OCDSRelease(
            ocid: self.ocid, id: "\(self.ocid)-\(number)-\(tag.rawValue)", date: OCDSDateTime(date), tag: [tag]
        )
        release.language = self.builder.language
        release.parties = [self.buyer]
        release.buyer = self.buyerReference
        release.tender = OCDSTender(id: self.tenderID, status: self.tenderStatus)
        return release
    }

    /// A DCE file as an OCDS document: first publication or, for a known id, a modification.
    mutating func document(_ file: TenderHistoryEntry.Document, dceVersion: Int, date: Date) -> OCDSDocument {
        var document = OCDSDocument(
            id: file.id, documentType: file.documentType, title: file.title, description: "DCE version \(dceVersion)",
            url: file.url, format: file.format
        )
        if self.publishedDocumentIDs.contains(file.id) {
            document.dateModified = OCDSDateTime(date)
        } else {
            document.datePublished = OCDSDateTime(date)
            self.publishedDocumentIDs.insert(file.id)
        }
        return document
    }
}
