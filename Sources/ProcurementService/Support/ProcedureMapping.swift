import ProcurementDomain

/// Contract enums ↔ domain enums.
enum ProcedureMapping {
    static func procedure(_ text: String) throws(ProcurementRefusal) -> ProcedureType {
        switch text {
        case "open": return .open
        case "restricted": return .restricted
        case "competitiveNegotiation": return .competitiveWithNegotiation
        case "adapted": return .adapted
        default:
            throw ProcurementRefusal(
                "procedureNotSupported", rule: "Passerelle runs open, restricted, competitive negotiation and adapted procedures",
                field: "procedure", "\(text) is not run on Passerelle")
        }
    }

    static func buyerKind(_ text: String) throws(ProcurementRefusal) -> BuyerKind {
        guard let kind = BuyerKind(rawValue: text) else {
            throw ProcurementRefusal("invalidBuyerKind", rule: "central, local, utility or defence", field: "buyerKind", text)
        }
        return kind
    }

    static func nature(_ text: String) throws(ProcurementRefusal) -> ContractNature {
        guard let nature = ContractNature(rawValue: text) else {
            throw ProcurementRefusal("invalidNature", rule: "works, supplies or services", field: "nature", text)
        }
        return nature
    }

    static func publicity(_ publicity: Publicity) -> String {
        switch publicity {
        case .none: "none"
        case .adapted: "adapted"
        case .boampOrJAL: "boampOrJal"
        case .boampAndJOUE: "boampAndJoue"
        }
    }
}

extension ProcurementRefusal {
    /// A domain rule error as a refusal of `field`.
    init(_ error: any Error, field: String?) {
        if let rule = error as? ProcurementRuleError {
            self.init(rule.code.rawValue, rule: rule.rule, field: field, rule.message)
        } else if let refusal = error as? ProcurementRefusal {
            self = refusal
        } else {
            self.init("invalid", rule: "domain rules", field: field, "\(error)")
        }
    }
}
