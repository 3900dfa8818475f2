/// INSEE's headcount band (`trancheEffectifsEtablissement`), with the staff bounds of each code (domain §1.3; band
/// meanings "to confirm" against INSEE's documentation).
public enum HeadcountBand: String, Sendable, Hashable, Codable, CaseIterable {
    /// `NN`: unknown (no salaried staff reported, or not filled in). Fails any headcount filter.
    case unknown = "NN"
    case none = "00"
    case from1To2 = "01"
    case from3To5 = "02"
    case from6To9 = "03"
    case from10To19 = "11"
    case from20To49 = "12"
    case from50To99 = "21"
    case from100To199 = "22"
    case from200To249 = "31"
    case from250To499 = "32"
    case from500To999 = "41"
    case from1000To1999 = "42"
    case from2000To4999 = "51"
    case from5000To9999 = "52"
    case from10000 = "53"

    /// The INSEE code (`NN`, `00`, `01`, …, `53`).
    public var code: String { self.rawValue }

    /// The band of an INSEE code; `nil` for a code that is not in the list.
    public init?(code: String) {
        self.init(rawValue: code)
    }

    /// The smallest staff count of the band; `nil` for `NN`.
    public var lowerBound: Int? {
        self.bounds?.lower
    }

    /// The largest staff count of the band; `nil` for `NN` and for `53` (10 000 or more, unbounded).
    public var upperBound: Int? {
        self.bounds?.upper
    }

    /// `"1–2"`, `"10000+"`, `"unknown"`.
    public var label: String {
        guard let bounds else { return "unknown" }
        guard let upper = bounds.upper else { return "\(bounds.lower)+" }
        return bounds.lower == upper ? "\(upper)" : "\(bounds.lower)–\(upper)"
    }

    private var bounds: (lower: Int, upper: Int?)? {
        switch self {
        case .unknown: return nil
        case .none: return (0, 0)
        case .from1To2: return (1, 2)
        case .from3To5: return (3, 5)
        case .from6To9: return (6, 9)
        case .from10To19: return (10, 19)
        case .from20To49: return (20, 49)
        case .from50To99: return (50, 99)
        case .from100To199: return (100, 199)
        case .from200To249: return (200, 249)
        case .from250To499: return (250, 499)
        case .from500To999: return (500, 999)
        case .from1000To1999: return (1000, 1999)
        case .from2000To4999: return (2000, 4999)
        case .from5000To9999: return (5000, 9999)
        case .from10000: return (10000, nil)
        }
    }
}
