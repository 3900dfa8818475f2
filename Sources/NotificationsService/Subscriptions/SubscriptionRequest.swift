import Foundation
import ServiceRuntime

/// The body of `POST /subscriptions`.
///
/// ```json
/// {"email": "veille@btp-exemple.fr", "name": "Veille BTP", "mode": "dailyDigest", "digestHour": 8,
///  "filters": {"cpvPrefixes": ["452"], "departements": ["21", "071"], "keywords": ["voirie"]}}
/// ```
public struct SubscriptionRequest: Sendable, Codable {
    /// The subscriber's address.
    public var email: String
    /// The subscriber's name.
    public var name: String?
    /// The category; only `tender-alerts` takes subscriptions.
    public var category: String?
    /// The filters; absent means every tender.
    public var filters: SubscriptionFilters?
    /// `immediate` (default) or `dailyDigest`.
    public var mode: String?
    /// The digest hour, 0–23 (Europe/Paris); default the service's digest hour.
    public var digestHour: Int?

    /// Creates a request.
    public init(
        email: String, name: String? = nil, category: String? = nil, filters: SubscriptionFilters? = nil,
        mode: String? = nil, digestHour: Int? = nil
    ) {
        self.email = email
        self.name = name
        self.category = category
        self.filters = filters
        self.mode = mode
        self.digestHour = digestHour
    }

    static let procedures = [
        "open", "restricted", "competitiveNegotiation", "competitiveDialogue", "adapted", "negotiatedWithoutPublicity",
    ]

    /// Checks every field; the error names the field and the rule.
    ///
    /// - Throws: ``ServiceProblem`` (`invalid`) naming the field and the rule.
    public func validate() throws(ServiceProblem) {
        guard EmailAddress.isPlausible(self.email.trimmingCharacters(in: .whitespaces)) else {
            throw Self.invalid("email", "format email", "not an e-mail address")
        }
        if let name = self.name, name.isEmpty || name.count > 200 {
            throw Self.invalid("name", "length 1–200", "the name is empty or too long")
        }
        if let category = self.category, category != "tender-alerts" {
            throw Self.invalid("category", "enum [tender-alerts]", "only tender alerts take subscriptions")
        }
        if let mode = self.mode, Subscription.Mode(rawValue: mode) == nil {
            throw Self.invalid("mode", "enum [immediate, dailyDigest]", "unknown mode")
        }
        if let hour = self.digestHour, !(0...23).contains(hour) {
            throw Self.invalid("digestHour", "range 0–23", "not an hour of the day")
        }
        guard let filters = self.filters else { return }
        try Self.each(filters.cpvPrefixes, "filters.cpvPrefixes", "pattern ^[0-9]{2,8}(-[0-9])?$") { value in
            let parts = value.split(separator: "-", omittingEmptySubsequences: false)
            return (2...8).contains(parts[0].count) && parts[0].allSatisfy(\.isASCIIDigit)
                && (parts.count == 1 || (parts.count == 2 && parts[0].count == 8 && parts[1].count == 1
                    && parts[1].allSatisfy(\.isASCIIDigit)))
        }
        try Self.each(filters.departements, "filters.departements", "département code (21, 021, 2A, 971)") { value in
            let code = SubscriptionFilters.departement(value)
            return code.count == 3 && (code.allSatisfy(\.isASCIIDigit) || code == "02A" || code == "02B")
        }
        try Self.each(filters.buyerSirets, "filters.buyerSirets", "pattern ^[0-9]{14}$") { value in
            value.count == 14 && value.allSatisfy(\.isASCIIDigit)
        }
        try Self.each(filters.procedures, "filters.procedures", "enum \(Self.procedures)") { Self.procedures.contains($0) }
        try Self.each(filters.keywords, "filters.keywords", "length 2–100") { (2...100).contains($0.count) }
    }

    /// The filters in stored form: trimmed, départements in 3 characters.
    var normalisedFilters: SubscriptionFilters {
        var filters = self.filters ?? SubscriptionFilters()
        filters.cpvPrefixes = filters.cpvPrefixes.map { $0.trimmingCharacters(in: .whitespaces) }
        filters.departements = filters.departements.map(SubscriptionFilters.departement)
        filters.keywords = filters.keywords.map { $0.trimmingCharacters(in: .whitespaces) }
        return filters
    }

    private static func each(
        _ values: [String], _ field: String, _ rule: String, _ isValid: (String) -> Bool
    ) throws(ServiceProblem) {
        guard values.count <= 50 else { throw Self.invalid(field, "at most 50 items", "too many values") }
        for (index, value) in values.enumerated() where !isValid(value.trimmingCharacters(in: .whitespaces)) {
            throw Self.invalid("\(field)[\(index)]", rule, "value does not follow the rule")
        }
    }

    private static func invalid(_ field: String, _ rule: String, _ message: String) -> ServiceProblem {
        ServiceProblem(.invalid, field: field, rule: rule, message)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { self.isASCII && self.isNumber }
}
