public import Foundation

extension TenderHistoryEntry {
    /// The tender as published.
    public struct Publication: Sendable, Hashable {
        /// When it was published (the tender period starts).
        public var date: Date
        /// The title.
        public var title: String
        /// A short description.
        public var description: String?
        /// The buyer.
        public var buyer: Organization
        /// The procedure.
        public var procedure: Procedure
        /// Overrides the procedure's French name in `procurementMethodDetails`.
        public var procedureDetails: String?
        /// Works, supplies or services.
        public var nature: Nature
        /// The estimated value of the whole need, in cents (HT).
        public var estimatedValueCents: Int64?
        /// The main CPV.
        public var mainCPV: CPV
        /// The lots (empty for an undivided tender).
        public var lots: [Lot]
        /// The bid deadline.
        public var deadline: Date
        /// The DCE version published (1 at first publication).
        public var dceVersion: Int
        /// The DCE files.
        public var documents: [Document]

        /// Creates a publication.
        public init(
            date: Date, title: String, description: String? = nil, buyer: Organization, procedure: Procedure,
            procedureDetails: String? = nil, nature: Nature, estimatedValueCents: Int64?, mainCPV: CPV,
            lots: [Lot] = [], deadline: Date, dceVersion: Int = 1, documents: [Document] = []
        ) {
            self.date = date
            self.title = title
            self.description = description
            self.buyer = buyer
            self.procedure = procedure
            self.procedureDetails = procedureDetails
            self.nature = nature
            self.estimatedValueCents = estimatedValueCents
            self.mainCPV = mainCPV
            self.lots = lots
            self.deadline = deadline
            self.dceVersion = dceVersion
            self.documents = documents
        }
    }

    /// An amendment: a new DCE version and possibly a later deadline.
    public struct Amendment: Sendable, Hashable {
        /// The amendment id.
        public var id: String
        /// When it was published.
        public var date: Date
        /// What changed.
        public var summary: String
        /// Why, when stated.
        public var rationale: String?
        /// The new deadline, when the amendment moves it.
        public var newDeadline: Date?
        /// The DCE version it creates.
        public var dceVersion: Int
        /// The files added or replaced (same id for a replaced file).
        public var changedDocuments: [Document]

        /// Creates an amendment.
        public init(
            id: String, date: Date, summary: String, rationale: String? = nil, newDeadline: Date? = nil,
            dceVersion: Int, changedDocuments: [Document] = []
        ) {
            self.id = id
            self.date = date
            self.summary = summary
            self.rationale = rationale
            self.newDeadline = newDeadline
            self.dceVersion = dceVersion
            self.changedDocuments = changedDocuments
        }
    }

    /// The deadline moved without a DCE change.
    public struct DeadlineChange: Sendable, Hashable {
        /// When it was decided.
        public var date: Date
        /// The new deadline.
        public var newDeadline: Date
        /// Why, when stated.
        public var reason: String?

        /// Creates a deadline change.
        public init(date: Date, newDeadline: Date, reason: String? = nil) {
            self.date = date
            self.newDeadline = newDeadline
            self.reason = reason
        }
    }

    /// The tender is declared "sans suite".
    public struct Cancellation: Sendable, Hashable {
        public var date: Date
        /// The reason (required by the lifecycle).
        public var reason: String

        /// Creates a cancellation.
        public init(date: Date, reason: String) {
            self.date = date
            self.reason = reason
        }
    }

    /// A lot declared unsuccessful.
    public struct LotOutcome: Sendable, Hashable {
        public var date: Date
        /// The lot; nil for an undivided tender (the whole tender is unsuccessful).
        public var lotID: String?
        /// Why (no bid, irregular bids, …).
        public var reason: String?

        /// Creates an outcome.
        public init(date: Date, lotID: String?, reason: String? = nil) {
            self.date = date
            self.lotID = lotID
            self.reason = reason
        }
    }

    /// An award decision.
    public struct Award: Sendable, Hashable {
        /// The award id.
        public var id: String
        /// The decision date.
        public var date: Date
        /// The lots awarded (empty for an undivided tender).
        public var lotIDs: [String]
        /// The awardee.
        public var supplier: Organization
        /// The awarded amount in cents (HT).
        public var amountCents: Int64
        /// `pending` while the standstill runs, `active` otherwise (the default).
        public var status: OCDSAwardStatus

        /// Creates an award.
        public init(
            id: String, date: Date, lotIDs: [String], supplier: Organization, amountCents: Int64,
            status: OCDSAwardStatus = .active
        ) {
            self.id = id
            self.date = date
            self.lotIDs = lotIDs
            self.supplier = supplier
            self.amountCents = amountCents
            self.status = status
        }
    }

    /// A contract signature.
    public struct ContractSignature: Sendable, Hashable {
        /// The contract id.
        public var id: String
        /// The award it implements.
        public var awardID: String
        /// The signature date.
        public var date: Date
        /// The contract amount in cents (HT).
        public var amountCents: Int64
        /// The lots it covers; empty means the award's lots.
        public var lotIDs: [String]

        /// Creates a signature.
        public init(id: String, awardID: String, date: Date, amountCents: Int64, lotIDs: [String] = []) {
            self.id = id
            self.awardID = awardID
            self.date = date
            self.amountCents = amountCents
            self.lotIDs = lotIDs
        }
    }
}
