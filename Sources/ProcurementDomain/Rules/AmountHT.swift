/// An amount in euros excluding VAT (HT), stored as integer cents (domain conventions: never `Double`).
public struct AmountHT: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The amount in cents.
    public let cents: Int64

    /// Creates an amount from cents.
    public init(cents: Int64) {
        self.cents = cents
    }

    /// An amount of whole euros.
    public static func euros(_ euros: Int64) -> AmountHT {
        AmountHT(cents: euros * 100)
    }

    /// Smaller amounts first.
    public static func < (lhs: AmountHT, rhs: AmountHT) -> Bool { lhs.cents < rhs.cents }

    /// `"216000.00 € HT"`.
    public var description: String {
        let euros = cents / 100
        let rest = abs(cents % 100)
        return "\(euros).\(rest < 10 ? "0" : "")\(rest) € HT"
    }
}

/// Who buys (domain §2.1).
public enum BuyerKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Central government.
    case central
    /// Local authorities (collectivités territoriales and their groupings).
    case local
    /// Utilities (entités adjudicatrices).
    case utility
    /// Defence and security procurement.
    case defence
}

/// What is bought.
public enum ContractNature: String, Sendable, Hashable, Codable, CaseIterable {
    case works
    case supplies
    case services
}
