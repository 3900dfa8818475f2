import ProcurementDomain
import ServiceRuntime

/// Procurement's refusals are ``ServiceProblem``s: over HTTP an RFC 9457 problem, on a command
/// `procurement.command.rejected.v1` (see ``ProcurementCommand``). The codes, rules and fields are the
/// service's contract with the portal; the kind gives the HTTP status.
extension ServiceProblem {
    /// `tenderNotFound`: no tender with this id (or not a public one).
    static func tenderNotFound(_ tenderId: String) -> ServiceProblem {
        ServiceProblem(
            .notFound, code: "tenderNotFound", field: "tenderId", rule: "the tender must exist",
            "no tender \(tenderId)")
    }

    /// `invalidTransition`: the tender's status does not allow the action.
    static func invalidTransition(_ status: String, expected: [String], action: String) -> ServiceProblem {
        ServiceProblem(
            .conflict, code: "invalidTransition", field: "tenderId", rule: "domain §2.3 tender lifecycle",
            "cannot \(action) a tender in status \(status) (needs \(expected.joined(separator: " or ")))")
    }

    /// A domain rule error (``ProcurementRuleError``) as a refusal of `field`: its code, rule and message.
    /// A problem passes through unchanged; any other error becomes an `invalid` refusal of the domain rules.
    static func domain(_ error: any Error, field: String?) -> ServiceProblem {
        if let rule = error as? ProcurementRuleError {
            let kind: Kind = rule.code == .invalidTransition ? .conflict : .invalid
            return ServiceProblem(kind, code: rule.code.rawValue, field: field, rule: rule.rule, rule.message)
        } else if let problem = error as? ServiceProblem {
            return problem
        } else {
            return ServiceProblem(.invalid, code: "invalid", field: field, rule: "domain rules", "\(error)")
        }
    }
}
