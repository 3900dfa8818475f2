import ProcurementContracts
import ProcurementDomain
import ServiceRuntime

/// Contract enums ↔ domain enums, at the boundary: the domain knows nothing of the contracts.
enum ProcedureMapping {
    static func procedure(_ procedure: TenderPublished.Procedure) throws(ServiceProblem) -> ProcedureType {
        switch procedure {
        case .open: return .open
        case .restricted: return .restricted
        case .competitiveNegotiation: return .competitiveWithNegotiation
        case .adapted: return .adapted
        case .competitiveDialogue, .negotiatedWithoutPublicity:
            throw ServiceProblem(
                .invalid, code: "procedureNotSupported", field: "procedure",
                rule: "Passerelle runs open, restricted, competitive negotiation and adapted procedures",
                "\(procedure.rawValue) is not run on Passerelle")
        }
    }

    static func buyerKind(_ kind: ProcurementContracts.Buyer.Kind) -> BuyerKind {
        switch kind {
        case .central: .central
        case .local: .local
        case .utility: .utility
        case .defence: .defence
        }
    }

    static func nature(_ nature: TenderPublished.Nature) -> ContractNature {
        switch nature {
        case .works: .works
        case .supplies: .supplies
        case .services: .services
        }
    }

    static func publicity(_ publicity: Publicity) -> TenderPublished.Publicity {
        switch publicity {
        case .none: .none
        case .adapted: .adapted
        case .boampOrJAL: .boampOrJal
        case .boampAndJOUE: .boampAndJoue
        }
    }

    static func family(_ family: TenderPublished.ProcedureFamily) -> ProcedureFamily {
        switch family {
        case .exempt: .exempt
        case .adapted: .adapted
        case .formalised: .formalised
        }
    }

    static func role(_ role: BidsOpen.RequestedBy.Role) -> TenderCaller.Role {
        switch role {
        case .opener: .opener
        case .buyer: .buyer
        case .administrator: .administrator
        }
    }
}
