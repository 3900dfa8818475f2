/// A command refused on a business rule. The handler commits the refusal as
/// `procurement.command.rejected.v1` (and in the audit) instead of parking the message: nothing is wrong
/// with the message, the request is not allowed.
struct ProcurementRefusal: Error, Sendable, CustomStringConvertible {
    /// Machine code (`deadlineTooShort`, `tenderNotFound`, …).
    var code: String
    /// The rule, with its article when legal.
    var rule: String
    /// The field at fault.
    var field: String?
    /// Explanation for people.
    var message: String

    init(_ code: String, rule: String, field: String? = nil, _ message: String) {
        self.code = code
        self.rule = rule
        self.field = field
        self.message = message
    }

    var description: String { "\(self.code) [\(self.rule)]\(self.field.map { " at \($0)" } ?? ""): \(self.message)" }

    static func notFound(_ tenderId: String) -> ProcurementRefusal {
        ProcurementRefusal("tenderNotFound", rule: "the tender must exist", field: "tenderId", "no tender \(tenderId)")
    }

    static func status(_ status: String, expected: [String], action: String) -> ProcurementRefusal {
        ProcurementRefusal(
            "invalidTransition", rule: "domain §2.3 tender lifecycle", field: "tenderId",
            "cannot \(action) a tender in status \(status) (needs \(expected.joined(separator: " or ")))")
    }
}
