/// OCDS merging (the record's compiled release): a newer value replaces an older one, objects merge field by
/// field, arrays of objects with an `id` merge entry by entry, and arrays of strings are replaced whole.
protocol OCDSMergeable {
    /// The value with `newer`'s fields applied over this one's.
    func merged(with newer: Self) -> Self
}

/// An element of an array merged by id.
protocol OCDSIdentified: OCDSMergeable {
    /// The merge key.
    var id: String { get }
}

/// Merges two optional objects: either side alone wins; both merge.
func ocdsMerge<T: OCDSMergeable>(_ older: T?, _ newer: T?) -> T? {
    guard let older else { return newer }
    guard let newer else { return older }
    return older.merged(with: newer)
}

/// Merges two arrays of identified objects: entries with the same id merge, new ids are appended in order.
func ocdsMerge<T: OCDSIdentified>(_ older: [T]?, _ newer: [T]?) -> [T]? {
    guard let older else { return newer }
    guard let newer else { return older }
    var result = older
    for entry in newer {
        if let index = result.firstIndex(where: { $0.id == entry.id }) {
            result[index] = result[index].merged(with: entry)
        } else {
            result.append(entry)
        }
    }
    return result
}

extension OCDSValue: OCDSMergeable {
    func merged(with newer: Self) -> Self {
        Self(amount: newer.amount ?? self.amount, currency: newer.currency ?? self.currency)
    }
}

extension OCDSIdentifier: OCDSMergeable {
    func merged(with newer: Self) -> Self {
        Self(scheme: newer.scheme ?? self.scheme, id: newer.id ?? self.id, legalName: newer.legalName ?? self.legalName)
    }
}

extension OCDSOrganization: OCDSIdentified {
    func merged(with newer: Self) -> Self {
        Self(
            id: self.id, name: newer.name ?? self.name, identifier: ocdsMerge(self.identifier, newer.identifier),
            roles: newer.roles ?? self.roles
        )
    }
}

extension OCDSOrganizationReference: OCDSMergeable {
    func merged(with newer: Self) -> Self { Self(id: newer.id, name: newer.name ?? self.name) }
}

extension OCDSClassification: OCDSMergeable {
    func merged(with newer: Self) -> Self {
        Self(
            scheme: newer.scheme ?? self.scheme, id: newer.id ?? self.id,
            description: newer.description ?? self.description
        )
    }
}

extension OCDSPeriod: OCDSMergeable {
    func merged(with newer: Self) -> Self {
        Self(startDate: newer.startDate ?? self.startDate, endDate: newer.endDate ?? self.endDate)
    }
}

extension OCDSItem: OCDSIdentified {
    func merged(with newer: Self) -> Self {
        Self(
            id: self.id, description: newer.description ?? self.description,
            classification: ocdsMerge(self.classification, newer.classification),
            relatedLot: newer.relatedLot ?? self.relatedLot
        )
    }
}

extension OCDSLot: OCDSIdentified {
    func merged(with newer: Self) -> Self {
        Self(
            id: self.id, title: newer.title ?? self.title, description: newer.description ?? self.description,
            status: newer.status ?? self.status, value: ocdsMerge(self.value, newer.value)
        )
    }
}

extension OCDSDocument: OCDSIdentified {
    func merged(with newer: Self) -> Self {
        Self(
            id: self.id, documentType: newer.documentType ?? self.documentType, title: newer.title ?? self.title,
            description: newer.description ?? self.description, url: newer.url ?? self.url,
            datePublished: newer.datePublished ?? self.datePublished,
            dateModified: newer.dateModified ?? self.dateModified, format: newer.format ?? self.format
        )
    }
}

extension OCDSAmendment: OCDSIdentified {
    func merged(with newer: Self) -> Self {
        Self(
            id: self.id, date: newer.date ?? self.date, description: newer.description ?? self.description,
            rationale: newer.rationale ?? self.rationale
        )
    }
}

extension OCDSAward: OCDSIdentified {
    func merged(with newer: Self) -> Self {
        Self(
            id: self.id, date: newer.date ?? self.date, status: newer.status ?? self.status,
            value: ocdsMerge(self.value, newer.value), suppliers: ocdsMerge(self.suppliers, newer.suppliers),
            relatedLots: newer.relatedLots ?? self.relatedLots
        )
    }
}

extension OCDSOrganizationReference: OCDSIdentified {}

extension OCDSContract: OCDSIdentified {
    func merged(with newer: Self) -> Self {
        Self(
            id: self.id, awardID: newer.awardID, status: newer.status ?? self.status,
            dateSigned: newer.dateSigned ?? self.dateSigned, value: ocdsMerge(self.value, newer.value)
        )
    }
}
