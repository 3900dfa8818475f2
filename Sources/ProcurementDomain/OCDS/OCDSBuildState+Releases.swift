import Foundation

extension OCDSBuildState {
    /// The `tender` release of the publication: the whole tender.
    mutating func publishedRelease(_ publication: TenderHistoryEntry.Publication) -> OCDSRelease {
        var release = self.baseRelease(number: 1, date: publication.date, tag: .tender)
        var tender = OCDSTender(id: self.tenderID, status: .active)
        tender.title = publication.title
        tender.description = publication.description
        tender.value = publication.estimatedValueCents.map { OCDSValue(cents: $0) }
        tender.procurementMethod = publication.procedure.procurementMethod
        tender.procurementMethodDetails = publication.procedureDetails ?? publication.procedure.frenchName
        tender.mainProcurementCategory = publication.nature.procurementCategory
        tender.items = Self.items(publication)
        tender.tenderPeriod = OCDSPeriod(
            startDate: OCDSDateTime(publication.date), endDate: OCDSDateTime(publication.deadline)
        )
        let documents = publication.documents.map {
            self.document($0, dceVersion: publication.dceVersion, date: publication.date)
        }
        tender.documents = documents.isEmpty ? nil : documents
        tender.lots = publication.lots.isEmpty ? nil : publication.lots.map { lot in
            OCDSLot(
                id: lot.id, title: lot.title, description: lot.description, status: .active,
                value: lot.estimatedValueCents.map { OCDSValue(cents: $0) }
            )
        }
        release.tender = tender
        return release
    }

    /// One item per lot, classified by the lot's CPV or the main one; a single item for an undivided tender.
    static func items(_ publication: TenderHistoryEntry.Publication) -> [OCDSItem] {
        func classification(_ cpv: TenderHistoryEntry.CPV) -> OCDSClassification {
            OCDSClassification(scheme: "CPV", id: cpv.code, description: cpv.label)
        }
        guard !publication.lots.isEmpty else {
            let main = classification(publication.mainCPV)
            return [OCDSItem(id: "1", description: publication.title, classification: main)]
        }
        return publication.lots.map { lot in
            OCDSItem(
                id: "lot-\(lot.id)", description: lot.title,
                classification: classification(lot.cpv ?? publication.mainCPV), relatedLot: lot.id
            )
        }
    }

    /// The release of any entry after the publication.
    mutating func release(for entry: TenderHistoryEntry, number: Int, at index: Int) throws(OCDSExportError)
        -> OCDSRelease
    {
        switch entry {
        case .published:
            throw OCDSExportError(.publishedTwice, entryIndex: index, message: "the tender is already published")
        case .amended(let amendment):
            try self.requireNew(amendment.id, in: self.amendmentIDs, kind: "amendment", at: index)
            self.amendmentIDs.insert(amendment.id)
            var release = self.baseRelease(number: number, date: amendment.date, tag: .tenderAmendment)
            release.tender?.amendments = [
                OCDSAmendment(
                    id: amendment.id, date: OCDSDateTime(amendment.date), description: amendment.summary,
                    rationale: amendment.rationale
                )
            ]
            release.tender?.tenderPeriod = amendment.newDeadline.map { OCDSPeriod(endDate: OCDSDateTime($0)) }
            let documents = amendment.changedDocuments.map {
                self.document($0, dceVersion: amendment.dceVersion, date: amendment.date)
            }
            release.tender?.documents = documents.isEmpty ? nil : documents
            return release
        case .deadlineChanged(let change):
            self.deadlineChanges += 1
            var release = self.baseRelease(number: number, date: change.date, tag: .tenderAmendment)
            let deadline = OCDSDateTime(change.newDeadline)
            release.tender?.tenderPeriod = OCDSPeriod(endDate: deadline)
            release.tender?.amendments = [
                OCDSAmendment(
                    id: "deadline-\(self.deadlineChanges)", date: OCDSDateTime(change.date),
                    description: "Date limite de remise des offres reportée au \(deadline)", rationale: change.reason
                )
            ]
            return release
        case .cancelled(let cancellation):
            self.cancelled = true
            self.tenderStatus = .cancelled
            let open = self.lotIDs.filter { self.lotStatus[$0] == .active }
            for id in open { self.lotStatus[id] = .cancelled }
            var release = self.baseRelease(number: number, date: cancellation.date, tag: .tenderCancellation)
            release.tender?.statusDetails = cancellation.reason
            release.tender?.lots = self.lotStatuses(open)
            return release
        case .lotUnsuccessful(let outcome):
            // No lot named: the whole tender, i.e. every lot still open (or the undivided tender).
            let lots = outcome.lotID.map { [$0] } ?? self.lotIDs.filter { self.lotStatus[$0] == .active }
            try self.requireLots(lots, at: index)
            if self.lotIDs.isEmpty { self.tenderStatus = .unsuccessful } else { self.setLots(lots, to: .unsuccessful) }
            var release = self.baseRelease(number: number, date: outcome.date, tag: .tender)
            release.tender?.statusDetails = outcome.lotID == nil ? outcome.reason : nil
            release.tender?.lots = self.lotStatuses(lots)
            return release
        case .awarded(let award):
            return try self.awardRelease(award, number: number, at: index)
        case .contractSigned(let signature):
            return try self.contractRelease(signature, number: number, at: index)
        }
    }

    private mutating func awardRelease(_ award: TenderHistoryEntry.Award, number: Int, at index: Int)
        throws(OCDSExportError) -> OCDSRelease
    {
        try self.requireNew(award.id, in: Set(self.awardLots.keys), kind: "award", at: index)
        try self.requireLots(award.lotIDs, at: index)
        if award.lotIDs.isEmpty && !self.lotIDs.isEmpty {
            throw OCDSExportError(
                .unknownLot, entryIndex: index, message: "award \(award.id) names no lot of the tender"
            )
        }
        self.awardLots[award.id] = award.lotIDs
        let supplier = OCDSOrganization(
            id: self.builder.partyID(siret: award.supplier.siret), name: award.supplier.name,
            identifier: OCDSIdentifier(
                scheme: self.builder.organizationScheme, id: award.supplier.siret, legalName: award.supplier.name
            ),
            roles: ["supplier"]
        )
        var release = self.baseRelease(number: number, date: award.date, tag: .award)
        release.parties = [self.buyer, supplier]
        release.awards = [
            OCDSAward(
                id: award.id, date: OCDSDateTime(award.date), status: award.status,
                value: OCDSValue(cents: award.amountCents),
                suppliers: [OCDSOrganizationReference(id: supplier.id, name: supplier.name)],
                relatedLots: award.lotIDs.isEmpty ? nil : award.lotIDs
            )
        ]
        return release
    }

    private mutating func contractRelease(
        _ signature: TenderHistoryEntry.ContractSignature, number: Int, at index: Int
    ) throws(OCDSExportError) -> OCDSRelease
    {
        try self.requireNew(signature.id, in: self.contractIDs, kind: "contract", at: index)
        guard let awardLots = self.awardLots[signature.awardID] else {
            throw OCDSExportError(
                .unknownAward, entryIndex: index,
                message: "contract \(signature.id) names award \(signature.awardID), which the history does not record"
            )
        }
        try self.requireLots(signature.lotIDs, at: index)
        self.contractIDs.insert(signature.id)
        let lots = signature.lotIDs.isEmpty ? awardLots : signature.lotIDs
        if self.lotIDs.isEmpty { self.tenderStatus = .complete } else { self.setLots(lots, to: .complete) }
        var release = self.baseRelease(number: number, date: signature.date, tag: .contract)
        release.tender?.lots = self.lotStatuses(lots)
        release.contracts = [
            OCDSContract(
                id: signature.id, awardID: signature.awardID, status: .active,
                dateSigned: OCDSDateTime(signature.date), value: OCDSValue(cents: signature.amountCents)
            )
        ]
        return release
    }
}
