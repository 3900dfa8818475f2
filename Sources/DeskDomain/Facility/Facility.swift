import Identifiers

/// What the Sirene lookup tells about an establishment (domain §5.1, §5.2), or, for a project with no company yet,
/// only where it will be.
///
/// Codes stay strings as Sirene gives them. An unknown NAF code or legal category fails the accepted lists of the
/// match filters and passes the excluded ones; band `NN` fails any headcount filter; no creation date counts as 0
/// years (``MatchFilters``).
public struct Facility: Sendable, Hashable, Codable {
    public var siret: SIRET?
    /// NAF rev. 2 code of the establishment, `NN.NNL` (`56.10A`).
    public var nafCode: String?
    public var headcountBand: HeadcountBand
    /// 4-digit legal category of the legal unit (`5710`).
    public var legalCategory: String?
    /// `nil` for a company not created yet.
    public var creationDate: CalendarDay?
    /// INSEE code of the establishment's commune (`21231`), never a postcode.
    public var communeInsee: String
    /// `false` when Sirene reports the establishment closed (`etatAdministratifEtablissement` = `F`).
    public var active: Bool

    public init(
        siret: SIRET?, nafCode: String?, headcountBand: HeadcountBand, legalCategory: String?,
        creationDate: CalendarDay?, communeInsee: String, active: Bool = true
    ) {
        self.siret = siret
        self.nafCode = nafCode
        self.headcountBand = headcountBand
        self.legalCategory = legalCategory
        self.creationDate = creationDate
        self.communeInsee = communeInsee
        self.active = active
    }

    /// A project without a company yet (creation, takeover): only the commune is known.
    public static func project(communeInsee: String) -> Facility {
        Facility(
            siret: nil, nafCode: nil, headcountBand: .unknown, legalCategory: nil, creationDate: nil,
            communeInsee: communeInsee)
    }
}
