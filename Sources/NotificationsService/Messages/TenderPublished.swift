public import ContractMessaging
public import Foundation

/// What notifications reads of `procurement.tender.published.v1` (tolerant reader: only these fields).
public struct TenderPublished: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.published.v1"

    /// The buyer.
    public struct Buyer: Codable, Sendable {
        /// SIRET of the buyer.
        public var siret: String
        /// Name of the buyer.
        public var name: String
        /// Département of the buyer (3 characters).
        public var departement: String?
    }

    /// A lot (its CPV takes part in matching).
    public struct Lot: Codable, Sendable {
        /// Main CPV code of the lot.
        public var cpv: String?
    }

    /// The place of execution.
    public struct Place: Codable, Sendable {
        /// Département (3 characters).
        public var departement: String
    }

    /// Tender id.
    public var tenderId: String
    /// Buyer's reference.
    public var reference: String
    /// Title.
    public var title: String
    /// Description.
    public var description: String?
    /// The buyer.
    public var buyer: Buyer
    /// Procedure.
    public var procedure: String
    /// Main CPV.
    public var mainCpv: String
    /// Additional CPVs.
    public var additionalCpv: [String]?
    /// Lots.
    public var lots: [Lot]
    /// Place of execution.
    public var executionPlace: Place?
    /// Deadline for tenders.
    public var tenderDeadline: Date
    /// Public page of the consultation.
    public var buyerProfileUrl: String

    /// The facts alert matching compares: every CPV, the place of execution (else the buyer's département).
    public var facts: TenderFacts {
        let cpvs = [self.mainCpv] + (self.additionalCpv ?? []) + self.lots.compactMap(\.cpv)
        let departements = [self.executionPlace?.departement ?? self.buyer.departement].compactMap { $0 }
        return TenderFacts(
            cpvCodes: cpvs, departements: departements, buyerSiret: self.buyer.siret, procedure: self.procedure,
            title: self.title, description: self.description)
    }
}
