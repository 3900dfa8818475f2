/// A release tag (OCDS 1.1 `releaseTag` codelist, open; these are its codes).
public enum OCDSReleaseTag: String, Sendable, Hashable, Codable, CaseIterable {
    /// Planning information.
    case planning
    /// A planning update.
    case planningUpdate
    /// The tender (the notice and its documents).
    case tender
    /// A formal amendment of the tender.
    case tenderAmendment
    /// A non-legal update of the tender.
    case tenderUpdate
    /// The cancellation of the tender.
    case tenderCancellation
    /// An award.
    case award
    /// An award update.
    case awardUpdate
    /// An award cancellation.
    case awardCancellation
    /// A contract.
    case contract
    /// A contract update.
    case contractUpdate
    /// A contract amendment.
    case contractAmendment
    /// Implementation information.
    case implementation
    /// An implementation update.
    case implementationUpdate
    /// The end of a contract.
    case contractTermination
    /// Only in compiled releases.
    case compiled
}

/// `tender.status` and `tender.lots[].status` (OCDS 1.1 `tenderStatus`, closed codelist).
public enum OCDSTenderStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// A future process is being considered.
    case planning
    /// The process is scheduled but not yet taking place.
    case planned
    /// The tender process is taking place.
    case active
    /// The tender process was cancelled.
    case cancelled
    /// The tender process was unsuccessful.
    case unsuccessful
    /// The tender process is complete.
    case complete
    /// No further information is available under this ocid.
    case withdrawn
}

/// `awards[].status` (OCDS 1.1 `awardStatus`, closed codelist).
public enum OCDSAwardStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The award was made, but the standstill period has not yet ended.
    case pending
    /// The award was made and the standstill period, if any, has ended.
    case active
    /// The award was cancelled.
    case cancelled
    /// The award failed.
    case unsuccessful
}

/// `contracts[].status` (OCDS 1.1 `contractStatus`, closed codelist).
public enum OCDSContractStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not yet concluded.
    case pending
    /// Concluded (signed) and not terminated.
    case active
    /// Concluded and now closed.
    case terminated
    /// Cancelled after the award.
    case cancelled
}

/// `tender.procurementMethod` (OCDS 1.1 `method`, closed codelist).
public enum OCDSProcurementMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// All potential suppliers can bid.
    case open
    /// All potential suppliers can qualify to bid.
    case selective
    /// Only suppliers chosen by the buyer can bid.
    case limited
    /// A single supplier chosen by the buyer can bid.
    case direct
}

/// `tender.mainProcurementCategory` (OCDS 1.1 `procurementCategory`, closed codelist).
public enum OCDSProcurementCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Goods (supplies, "fournitures").
    case goods
    /// Works ("travaux").
    case works
    case services
}

/// `initiationType` (OCDS 1.1, closed codelist with one code).
public enum OCDSInitiationType: String, Sendable, Hashable, Codable, CaseIterable {
    /// The process starts with a tender.
    case tender
}
