/// The six natures of act (domain §3.2), by their ACTES code `1`…`6`.
public enum ActNature: String, Sendable, Hashable, CaseIterable, Codable {
    case deliberation = "1"
    case regulatory = "2"
    case individual = "3"
    case contract = "4"
    case budget = "5"
    case other = "6"

    public var code: String { self.rawValue }

    /// The abbreviation that ends the IDActe.
    public var abbreviation: String {
        switch self {
        case .deliberation: "DE"
        case .regulatory: "AR"
        case .individual: "AI"
        case .contract: "CC"
        case .budget: "BF"
        case .other: "AU"
        }
    }

    public var label: String {
        switch self {
        case .deliberation: "Délibérations"
        case .regulatory: "Actes réglementaires"
        case .individual: "Actes individuels"
        case .contract: "Contrats, conventions et avenants"
        case .budget: "Documents budgétaires et financiers"
        case .other: "Autres"
        }
    }

    public init(abbreviation: String) throws(DocumentRefusal) {
        guard let nature = Self.allCases.first(where: { $0.abbreviation == abbreviation }) else {
            throw DocumentRefusal(
                "natureUnknown", field: "natureCode", rule: "domain §3.2: DE, AR, AI, CC, BF or AU",
                "\(abbreviation) is not a nature of act")
        }
        self = nature
    }

    public init(code: String) throws(DocumentRefusal) {
        guard let nature = Self(rawValue: code) else {
            throw DocumentRefusal("natureUnknown", field: "natureCode", rule: "domain §3.2: natures 1 to 6", "\(code) is not a nature of act")
        }
        self = nature
    }
}
