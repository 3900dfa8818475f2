/// An establishment as the support desk needs it (domain §5.1, §5.2), read from INSEE's `GET /siret/{siret}`.
///
/// Every code is a string, as INSEE writes it: leading zeros and the NAF letter survive.
public struct Establishment: Sendable, Codable, Equatable {
    /// The administrative state of the establishment (`etatAdministratifEtablissement`).
    public enum State: String, Sendable, Codable, Equatable {
        /// `A`: the establishment is active.
        case active
        /// `F` (fermé): the establishment is closed.
        case closed
    }

    /// The 14 digits.
    public var siret: String
    /// The 9 digits of the legal unit.
    public var siren: String
    /// Active or closed, from the current period (`periodesEtablissement[…].etatAdministratifEtablissement`).
    public var state: State
    /// The main activity (APE), for example `56.10A` (`activitePrincipaleEtablissement`).
    public var nafCode: String
    /// The nomenclature of ``nafCode``, for example `NAFRev2` (`nomenclatureActivitePrincipaleEtablissement`).
    public var nafNomenclature: String
    /// The headcount band (`trancheEffectifsEtablissement`), `NN` when INSEE gives none.
    public var headcountBand: String
    /// The legal category of the legal unit, 4 digits (`uniteLegale.categorieJuridiqueUniteLegale`), for example
    /// `5710` (SAS).
    public var legalCategory: String
    /// `YYYY-MM-DD` (`dateCreationEtablissement`); nil when INSEE does not know it.
    public var creationDate: String?
    /// `YYYY-MM-DD`: the start of the closed period, when ``state`` is ``State/closed`` and INSEE dates it.
    public var closureDate: String?
    /// The INSEE code of the commune (`adresseEtablissement.codeCommuneEtablissement`), for example `21231`.
    public var communeInsee: String
    /// The legal unit's name (`denominationUniteLegale`); for a sole trader, first name and last name; failing
    /// both, the establishment's sign (`enseigne1Etablissement`) or usual name.
    public var name: String

    public init(
        siret: String,
        siren: String,
        state: State,
        nafCode: String,
        nafNomenclature: String,
        headcountBand: String,
        legalCategory: String,
        creationDate: String?,
        closureDate: String? = nil,
        communeInsee: String,
        name: String
    ) {
        self.siret = siret
        self.siren = siren
        self.state = state
        self.nafCode = nafCode
        self.nafNomenclature = nafNomenclature
        self.headcountBand = headcountBand
        self.legalCategory = legalCategory
        self.creationDate = creationDate
        self.closureDate = closureDate
        self.communeInsee = communeInsee
        self.name = name
    }

    /// Whether the establishment is active.
    public var isActive: Bool { self.state == .active }
}
