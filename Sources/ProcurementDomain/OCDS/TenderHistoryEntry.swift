public import Foundation

/// One event of a tender's published history, the input of ``OCDSRecordBuilder``.
///
/// Amounts are integer cents (HT), codes are strings, instants are UTC `Date`s.
public enum TenderHistoryEntry: Sendable, Hashable {
    /// The tender is published (release tag `tender`).
    case published(Publication)
    /// The DCE changes (a new DCE version), possibly with a new deadline (tag `tenderAmendment`).
    case amended(Amendment)
    /// The bid deadline moves later (tag `tenderAmendment`).
    case deadlineChanged(DeadlineChange)
    /// "Déclaration sans suite" (tag `tenderCancellation`).
    case cancelled(Cancellation)
    /// A lot ends without a contract: no bid, or no acceptable bid (tag `tender`, domain §2.3).
    case lotUnsuccessful(LotOutcome)
    /// An award decision (tag `award`).
    case awarded(Award)
    /// A contract is signed (tag `contract`).
    case contractSigned(ContractSignature)

    /// When the event happened: the release date.
    public var date: Date {
        switch self {
        case .published(let entry): entry.date
        case .amended(let entry): entry.date
        case .deadlineChanged(let entry): entry.date
        case .cancelled(let entry): entry.date
        case .lotUnsuccessful(let entry): entry.date
        case .awarded(let entry): entry.date
        case .contractSigned(let entry): entry.date
        }
    }
}

extension TenderHistoryEntry {
    /// An organization identified by its SIRET.
    public struct Organization: Sendable, Hashable {
        /// The name.
        public var name: String
        /// The 14-digit SIRET.
        public var siret: String

        /// Creates an organization.
        public init(name: String, siret: String) {
            self.name = name
            self.siret = siret
        }
    }

    /// A CPV code and its label.
    public struct CPV: Sendable, Hashable {
        /// The code, kept as given (`45213000-3`).
        public var code: String
        /// The label.
        public var label: String?

        /// Creates a CPV classification.
        public init(code: String, label: String? = nil) {
            self.code = code
            self.label = label
        }
    }

    /// A lot as published.
    public struct Lot: Sendable, Hashable {
        /// The lot id (`1`, `2`, …).
        public var id: String
        /// The title.
        public var title: String
        /// A description.
        public var description: String?
        /// The estimated value in cents (HT).
        public var estimatedValueCents: Int64?
        /// The lot's CPV, when it differs from the tender's main CPV.
        public var cpv: CPV?

        /// Creates a lot.
        public init(
            id: String, title: String, description: String? = nil, estimatedValueCents: Int64? = nil, cpv: CPV? = nil
        ) {
            self.id = id
            self.title = title
            self.description = description
            self.estimatedValueCents = estimatedValueCents
            self.cpv = cpv
        }
    }

    /// A file of the DCE.
    public struct Document: Sendable, Hashable {
        /// The document id, stable across DCE versions (a new version of the file keeps it).
        public var id: String
        /// The title or file name.
        public var title: String
        /// The download address.
        public var url: String?
        /// The OCDS documentType code, `biddingDocuments` by default.
        public var documentType: String
        /// The media type.
        public var format: String?

        /// Creates a document.
        public init(
            id: String, title: String, url: String? = nil, documentType: String = "biddingDocuments",
            format: String? = nil
        ) {
            self.id = id
            self.title = title
            self.url = url
            self.documentType = documentType
            self.format = format
        }
    }
}
