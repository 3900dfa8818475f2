/// The publicity a procedure needs (domain §2.1).
public enum Publicity: String, Sendable, Hashable, Codable {
    /// None (exempt purchase).
    case none
    /// Publicity adapted to the purchase (MAPA below the BOAMP/JAL threshold).
    case adapted
    /// BOAMP or a legal-announcements journal (JAL), plus the buyer profile.
    case boampOrJAL
    /// BOAMP and the Official Journal of the EU (TED, eForms).
    case boampAndJOUE
}

/// What the threshold engine needs to know.
public struct ThresholdInput: Sendable, Hashable, Codable {
    /// Who buys.
    public var buyerKind: BuyerKind
    /// What is bought.
    public var nature: ContractNature
    /// The estimated value of the whole need (all lots, options and renewals included).
    public var estimatedValue: AmountHT
    /// The date the procedure starts (notice sent), a Europe/Paris calendar date.
    public var date: CalendarDate

    /// Creates an input.
    public init(buyerKind: BuyerKind, nature: ContractNature, estimatedValue: AmountHT, date: CalendarDate) {
        self.buyerKind = buyerKind
        self.nature = nature
        self.estimatedValue = estimatedValue
        self.date = date
    }
}

/// The outcome of the threshold engine, stored with the tender when it is published.
public struct ThresholdAssessment: Sendable, Hashable, Codable {
    /// Exempt, adapted or formalised.
    public let procedureFamily: ProcedureFamily
    /// Required publicity.
    public let publicity: Publicity
    /// The procedure must run electronically on the buyer profile.
    public let electronicProcedureMandatory: Bool
    /// A standstill applies before signature (formalised only; R2182-1 also needs more than one bid).
    public let standstillRequired: Bool
    /// The contract must be sent to the prefecture (local buyer, value at or above the ACTES threshold).
    public let actesTransmissionRequired: Bool
    /// The EU threshold that applied.
    public let euThreshold: AmountHT
    /// The exemption threshold that applied.
    public let exemptionThreshold: AmountHT

    /// Creates an assessment (normally built by ``ThresholdEngine``).
    public init(
        procedureFamily: ProcedureFamily, publicity: Publicity, electronicProcedureMandatory: Bool,
        standstillRequired: Bool, actesTransmissionRequired: Bool, euThreshold: AmountHT, exemptionThreshold: AmountHT
    ) {
        self.procedureFamily = procedureFamily
        self.publicity = publicity
        self.electronicProcedureMandatory = electronicProcedureMandatory
        self.standstillRequired = standstillRequired
        self.actesTransmissionRequired = actesTransmissionRequired
        self.euThreshold = euThreshold
        self.exemptionThreshold = exemptionThreshold
    }
}

/// Thresholds as a pure function (domain §2.1). Every threshold has "strictly below" semantics: 215 999 € of
/// local-authority supplies in 2026 is adapted, 216 000 € is formalised.
public struct ThresholdEngine: Sendable {
    /// The rule set.
    public let rules: ProcurementRules

    /// Creates an engine.
    public init(rules: ProcurementRules = .default) {
        self.rules = rules
    }

    /// Assesses a purchase.
    /// - Throws: ``ProcurementRuleError`` `noRuleForDate` when no threshold table covers `input.date`.
    public func assess(_ input: ThresholdInput) throws(ProcurementRuleError) -> ThresholdAssessment {
        guard let period = rules.thresholdPeriods.first(where: { $0.covers(input.date) }) else {
            throw ProcurementRuleError(
                .noRuleForDate, rule: "CCP annexe 2", message: "No EU threshold table covers \(input.date).")
        }
        let exemptions = input.nature == .works ? rules.exemptionWorks : rules.exemptionSuppliesServices
        guard let exemption = exemptions.first(where: { $0.covers(input.date) }),
            let electronic = rules.electronicProcedure.first(where: { $0.covers(input.date) })
        else {
            throw ProcurementRuleError(
                .noRuleForDate, rule: "R2122-8", message: "No exemption threshold covers \(input.date).")
        }
        let euThreshold = Self.euThreshold(in: period, buyer: input.buyerKind, nature: input.nature)
        let value = input.estimatedValue
        let family: ProcedureFamily =
            value < exemption.amount ? .exempt : value < euThreshold ? .adapted : .formalised
        let publicity: Publicity
        switch family {
        case .exempt: publicity = .none
        case .adapted: publicity = value < rules.adaptedPublicityBOAMPOrJAL ? .adapted : .boampOrJAL
        case .formalised: publicity = .boampAndJOUE
        }
        return ThresholdAssessment(
            procedureFamily: family,
            publicity: publicity,
            // An exempt purchase runs no procedure, so there is nothing to run electronically (design).
            electronicProcedureMandatory: family != .exempt && value >= electronic.amount,
            standstillRequired: family == .formalised,
            actesTransmissionRequired: input.buyerKind == .local && value >= period.actesTransmission,
            euThreshold: euThreshold,
            exemptionThreshold: exemption.amount
        )
    }

    private static func euThreshold(
        in period: ProcurementRules.ThresholdPeriod, buyer: BuyerKind, nature: ContractNature
    ) -> AmountHT {
        if nature == .works { return period.works }
        switch buyer {
        case .central: return period.centralSuppliesServices
        case .local: return period.localSuppliesServices
        case .utility, .defence: return period.utilityAndDefenceSuppliesServices
        }
    }
}
