import Foundation

/// The filters of a tender-alert subscription (domain §6.1). Every filter that is set must match (AND);
/// the values inside one filter are alternatives (OR). An empty filter is not set.
public struct SubscriptionFilters: Sendable, Hashable, Codable {
    /// CPV prefixes (`45`, `452`, `45213000-3`): the check digit and, for a full code, the trailing zeros are
    /// dropped before comparing, so `45000000` means the whole division 45.
    public var cpvPrefixes: [String]
    /// Départements, compared in the 3-character form (`21` is `021`).
    public var departements: [String]
    /// SIRETs of buyers.
    public var buyerSirets: [String]
    /// Procedures (`open`, `adapted`…).
    public var procedures: [String]
    /// Keywords, matched case- and accent-insensitively at the start of a word of the title or description.
    public var keywords: [String]

    /// Creates filters; all empty by default (every tender matches).
    public init(
        cpvPrefixes: [String] = [], departements: [String] = [], buyerSirets: [String] = [], procedures: [String] = [],
        keywords: [String] = []
    ) {
        self.cpvPrefixes = cpvPrefixes
        self.departements = departements
        self.buyerSirets = buyerSirets
        self.procedures = procedures
        self.keywords = keywords
    }

    /// Decodes filters; an absent filter is empty (not set).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.cpvPrefixes = try container.decodeIfPresent([String].self, forKey: .cpvPrefixes) ?? []
        self.departements = try container.decodeIfPresent([String].self, forKey: .departements) ?? []
        self.buyerSirets = try container.decodeIfPresent([String].self, forKey: .buyerSirets) ?? []
        self.procedures = try container.decodeIfPresent([String].self, forKey: .procedures) ?? []
        self.keywords = try container.decodeIfPresent([String].self, forKey: .keywords) ?? []
    }

    /// Whether a tender matches every filter that is set.
    public func matches(_ tender: TenderFacts) -> Bool {
        if !self.cpvPrefixes.isEmpty {
            let prefixes = self.cpvPrefixes.map(Self.cpvPrefix)
            let codes = tender.cpvCodes.map(Self.cpvDigits)
            guard prefixes.contains(where: { prefix in codes.contains { $0.hasPrefix(prefix) } }) else { return false }
        }
        if !self.departements.isEmpty {
            let wanted = Set(self.departements.map(Self.departement))
            guard tender.departements.contains(where: { wanted.contains(Self.departement($0)) }) else { return false }
        }
        if !self.buyerSirets.isEmpty, !self.buyerSirets.contains(tender.buyerSiret) {
            return false
        }
        if !self.procedures.isEmpty, !self.procedures.contains(tender.procedure) {
            return false
        }
        if !self.keywords.isEmpty {
            let text = tender.title + " " + (tender.description ?? "")
            guard self.keywords.contains(where: { TextFolding.contains(text, keyword: $0) }) else { return false }
        }
        return true
    }

    /// The 8 digits of a CPV code, without the check digit.
    static func cpvDigits(_ code: String) -> String {
        String(code.split(separator: "-", maxSplits: 1).first ?? "")
    }

    /// A subscription prefix: without the check digit; a full 8-digit code loses its trailing zeros (not
    /// below the 2-digit division).
    static func cpvPrefix(_ prefix: String) -> String {
        var digits = self.cpvDigits(prefix.trimmingCharacters(in: .whitespaces))
        if digits.count == 8 {
            while digits.count > 2, digits.hasSuffix("0") {
                digits.removeLast()
            }
        }
        return digits
    }

    /// The 3-character form of a département code (`21` → `021`, `2A` → `02A`, `971` unchanged).
    public static func departement(_ code: String) -> String {
        let code = code.trimmingCharacters(in: .whitespaces).uppercased()
        return code.count == 2 ? "0" + code : code
    }
}

/// What alert matching needs to know about a published tender.
public struct TenderFacts: Sendable, Hashable {
    /// The main CPV, the additional ones and the lots' CPVs.
    public var cpvCodes: [String]
    /// The place of execution and the buyer's département, when known.
    public var departements: [String]
    /// The buyer's SIRET.
    public var buyerSiret: String
    /// The procedure (`open`, `adapted`…).
    public var procedure: String
    /// The title.
    public var title: String
    /// The description.
    public var description: String?

    /// Creates the facts.
    public init(
        cpvCodes: [String], departements: [String], buyerSiret: String, procedure: String, title: String,
        description: String? = nil
    ) {
        self.cpvCodes = cpvCodes
        self.departements = departements
        self.buyerSiret = buyerSiret
        self.procedure = procedure
        self.title = title
        self.description = description
    }
}
