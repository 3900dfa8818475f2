extension OCDSTender: OCDSMergeable {
    func merged(with newer: Self) -> Self {
        var result = self
        result.id = newer.id
        result.title = newer.title ?? self.title
        result.description = newer.description ?? self.description
        result.status = newer.status ?? self.status
        result.statusDetails = newer.statusDetails ?? self.statusDetails
        result.value = ocdsMerge(self.value, newer.value)
        result.procurementMethod = newer.procurementMethod ?? self.procurementMethod
        result.procurementMethodDetails = newer.procurementMethodDetails ?? self.procurementMethodDetails
        result.mainProcurementCategory = newer.mainProcurementCategory ?? self.mainProcurementCategory
        result.items = ocdsMerge(self.items, newer.items)
        result.tenderPeriod = ocdsMerge(self.tenderPeriod, newer.tenderPeriod)
        result.documents = ocdsMerge(self.documents, newer.documents)
        result.amendments = ocdsMerge(self.amendments, newer.amendments)
        result.lots = ocdsMerge(self.lots, newer.lots)
        return result
    }
}

extension OCDSRelease {
    /// Compiles releases of one process, oldest first, into the record's compiled release.
    ///
    /// The compiled release takes the latest `date`, the id `{ocid}-{date}` and the tag `compiled`; its
    /// sections merge every release's, later values winning and arrays of objects merged by `id`.
    ///
    /// - Parameter releases: The releases, oldest first (at least one).
    /// - Returns: The compiled release, or nil when `releases` is empty.
    public static func compiled(from releases: [OCDSRelease]) -> OCDSRelease? {
        guard let first = releases.first else { return nil }
        var result = first
        for release in releases.dropFirst() {
            result.language = release.language ?? result.language
            result.parties = ocdsMerge(result.parties, release.parties)
            result.buyer = ocdsMerge(result.buyer, release.buyer)
            result.tender = ocdsMerge(result.tender, release.tender)
            result.awards = ocdsMerge(result.awards, release.awards)
            result.contracts = ocdsMerge(result.contracts, release.contracts)
        }
        let latest = releases.map(\.date).max() ?? first.date
        result.date = latest
        result.id = "\(first.ocid)-\(latest)"
        result.tag = [.compiled]
        return result
    }
}
