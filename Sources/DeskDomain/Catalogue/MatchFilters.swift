/// The match filters of an institution or an antenne (domain §5.2 step 3). A filter that is not set (`nil`, or an
/// empty list) always passes.
///
/// - NAF lists hold full codes or prefixes (``NAFCode/isValidPattern(_:)``); an excluded match wins over an
///   accepted one.
/// - `effectifMin`/`effectifMax` are staff counts: a facility passes when its whole band lies within
///   `[effectifMin, effectifMax]` (band lower bound ≥ min, band upper bound ≤ max; band `53` has no upper bound and
///   fails any max). Band `NN` fails any headcount filter.
/// - Years of existence are whole years from the creation date to the routing date
///   (``CalendarDay/wholeYears(until:)``). No creation date means no company yet (a project): 0 years.
/// - A NAF code or legal category that is unknown (a project) fails the accepted lists and passes the excluded ones.
/// - Legal forms are 4-digit legal categories, compared exactly.
///
/// An antenne's filters override its institution's field by field: a field the antenne sets replaces the
/// institution's, a field it leaves unset is inherited (``overridden(by:)``).
public struct MatchFilters: Sendable, Hashable, Codable {
    public var acceptedNafCodes: [String]?
    public var excludedNafCodes: [String]?
    public var effectifMin: Int?
    public var effectifMax: Int?
    public var minYearsOfExistence: Int?
    public var maxYearsOfExistence: Int?
    public var acceptedLegalForms: [String]?
    public var excludedLegalForms: [String]?

    public init(
        acceptedNafCodes: [String]? = nil, excludedNafCodes: [String]? = nil, effectifMin: Int? = nil,
        effectifMax: Int? = nil, minYearsOfExistence: Int? = nil, maxYearsOfExistence: Int? = nil,
        acceptedLegalForms: [String]? = nil, excludedLegalForms: [String]? = nil
    ) {
        self.acceptedNafCodes = acceptedNafCodes
        self.excludedNafCodes = excludedNafCodes
        self.effectifMin = effectifMin
        self.effectifMax = effectifMax
        self.minYearsOfExistence = minYearsOfExistence
        self.maxYearsOfExistence = maxYearsOfExistence
        self.acceptedLegalForms = acceptedLegalForms
        self.excludedLegalForms = excludedLegalForms
    }

    /// No filter set.
    public static let none = MatchFilters()

    /// Whether no filter is set.
    public var isEmpty: Bool { self == .none }

    /// These filters with every field `other` sets replacing this one's.
    public func overridden(by other: MatchFilters) -> MatchFilters {
        MatchFilters(
            acceptedNafCodes: other.acceptedNafCodes ?? self.acceptedNafCodes,
            excludedNafCodes: other.excludedNafCodes ?? self.excludedNafCodes,
            effectifMin: other.effectifMin ?? self.effectifMin,
            effectifMax: other.effectifMax ?? self.effectifMax,
            minYearsOfExistence: other.minYearsOfExistence ?? self.minYearsOfExistence,
            maxYearsOfExistence: other.maxYearsOfExistence ?? self.maxYearsOfExistence,
            acceptedLegalForms: other.acceptedLegalForms ?? self.acceptedLegalForms,
            excludedLegalForms: other.excludedLegalForms ?? self.excludedLegalForms)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case acceptedNafCodes, excludedNafCodes, effectifMin, effectifMax, minYearsOfExistence, maxYearsOfExistence
        case acceptedLegalForms, excludedLegalForms
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.acceptedNafCodes = try container.decodeIfPresent([String].self, forKey: .acceptedNafCodes)
        self.excludedNafCodes = try container.decodeIfPresent([String].self, forKey: .excludedNafCodes)
        self.effectifMin = try container.decodeIfPresent(Int.self, forKey: .effectifMin)
        self.effectifMax = try container.decodeIfPresent(Int.self, forKey: .effectifMax)
        self.minYearsOfExistence = try container.decodeIfPresent(Int.self, forKey: .minYearsOfExistence)
        self.maxYearsOfExistence = try container.decodeIfPresent(Int.self, forKey: .maxYearsOfExistence)
        self.acceptedLegalForms = try container.decodeIfPresent([String].self, forKey: .acceptedLegalForms)
        self.excludedLegalForms = try container.decodeIfPresent([String].self, forKey: .excludedLegalForms)
    }
}
