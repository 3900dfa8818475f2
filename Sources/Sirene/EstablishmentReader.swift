import Foundation

/// Turns one HTTP answer of `GET /siret/{siret}` into an ``Establishment`` or a ``SireneError``.
///
/// Shared by ``SireneClient`` (live answers) and ``RecordedDirectory`` (recorded ones), so both give the same
/// outcome for the same answer.
enum EstablishmentReader {
    /// The wait when a 429 carries no usable `Retry-After`.
    static let defaultRetryAfter = Duration.seconds(60)

    static func read(
        status: Int, retryAfter: String?, body: Data, siret: String, now: Date = Date()
    ) throws(SireneError) -> Establishment {
        switch status {
        case 200:
            return try Self.decode(body, siret: siret)
        case 404:
            throw SireneError(.notFound, "no establishment has this SIRET", siret: siret, httpStatus: status)
        case 401, 403:
            throw SireneError(.unauthorized, "the integration key was refused", siret: siret, httpStatus: status)
        case 429:
            let wait = RetryAfter.parse(retryAfter, now: now) ?? Self.defaultRetryAfter
            throw SireneError(
                .rateLimited, "INSEE refused the call: too many requests", siret: siret, httpStatus: status,
                retryAfter: wait)
        case 500...599:
            throw SireneError(.unavailable, "INSEE failed", siret: siret, httpStatus: status)
        default:
            throw SireneError(.unexpectedStatus, "unexpected HTTP status", siret: siret, httpStatus: status)
        }
    }

    /// Decodes a 200 body.
    static func decode(_ body: Data, siret: String) throws(SireneError) -> Establishment {
        let answer: SiretAnswer
        do {
            answer = try JSONDecoder().decode(SiretAnswer.self, from: body)
        } catch let error as DecodingError {
            throw Self.malformed(error, siret: siret)
        } catch {
            throw SireneError(.malformed, "the body is not JSON", siret: siret, httpStatus: 200, field: "body",
                              underlying: error)
        }
        guard let body = answer.etablissement else {
            throw Self.missing("etablissement", siret: siret)
        }
        return try Self.establishment(from: body, siret: siret)
    }

    static func establishment(from body: SiretAnswer.Body, siret: String) throws(SireneError) -> Establishment {
        let root = "etablissement"
        let answeredSiret = try Self.require(body.siret, "\(root).siret", siret: siret)
        guard answeredSiret == siret else {
            throw SireneError(.malformed, "the answer is about another SIRET", siret: siret, httpStatus: 200,
                              field: "\(root).siret")
        }
        let siren = try Self.require(body.siren, "\(root).siren", siret: siret)
        // INSEE lists the periods newest first; the current one has no end date.
        let periodIndex = body.periodesEtablissement?.firstIndex { $0.dateFin == nil } ?? 0
        let period = body.periodesEtablissement.flatMap { $0.indices.contains(periodIndex) ? $0[periodIndex] : nil }
        let periodPath = "\(root).periodesEtablissement[\(periodIndex)]"

        let stateCode = try Self.require(
            period?.etatAdministratifEtablissement ?? body.etatAdministratifEtablissement,
            "\(periodPath).etatAdministratifEtablissement", siret: siret)
        let state: Establishment.State
        switch stateCode {
        case "A": state = .active
        case "F": state = .closed
        default:
            throw SireneError(.malformed, "unknown administrative state", siret: siret, httpStatus: 200,
                              field: "\(periodPath).etatAdministratifEtablissement")
        }
        let nafCode = try Self.require(
            period?.activitePrincipaleEtablissement ?? body.activitePrincipaleEtablissement,
            "\(periodPath).activitePrincipaleEtablissement", siret: siret)
        let nomenclature = try Self.require(
            period?.nomenclatureActivitePrincipaleEtablissement ?? body.nomenclatureActivitePrincipaleEtablissement,
            "\(periodPath).nomenclatureActivitePrincipaleEtablissement", siret: siret)

        let legalUnit = body.uniteLegale
        let legalCategory = try Self.require(
            legalUnit?.categorieJuridiqueUniteLegale, "\(root).uniteLegale.categorieJuridiqueUniteLegale", siret: siret)
        guard legalCategory.count == 4, legalCategory.allSatisfy(\.isASCIIDigit) else {
            throw SireneError(.malformed, "the legal category is not 4 digits", siret: siret, httpStatus: 200,
                              field: "\(root).uniteLegale.categorieJuridiqueUniteLegale")
        }
        let commune = try Self.require(
            body.adresseEtablissement?.codeCommuneEtablissement,
            "\(root).adresseEtablissement.codeCommuneEtablissement", siret: siret)
        let creationDate = try Self.date(body.dateCreationEtablissement, "\(root).dateCreationEtablissement", siret)
        let closureDate = state == .closed ? try Self.date(period?.dateDebut, "\(periodPath).dateDebut", siret) : nil
        let name = try Self.require(
            Self.name(legalUnit: legalUnit, period: period), "\(root).uniteLegale.denominationUniteLegale",
            siret: siret)

        return Establishment(
            siret: answeredSiret, siren: siren, state: state, nafCode: nafCode, nafNomenclature: nomenclature,
            headcountBand: Self.present(body.trancheEffectifsEtablissement) ?? "NN", legalCategory: legalCategory,
            creationDate: creationDate, closureDate: closureDate, communeInsee: commune, name: name)
    }

    /// The legal unit's name, else the sole trader's first and last names, else the sign or usual name.
    static func name(legalUnit: SiretAnswer.LegalUnit?, period: SiretAnswer.Period?) -> String? {
        if let denomination = Self.present(legalUnit?.denominationUniteLegale) {
            return denomination
        }
        let lastName = Self.present(legalUnit?.nomUsageUniteLegale) ?? Self.present(legalUnit?.nomUniteLegale)
        if let lastName {
            let firstName =
                Self.present(legalUnit?.prenomUsuelUniteLegale) ?? Self.present(legalUnit?.prenom1UniteLegale)
            return firstName.map { "\($0) \(lastName)" } ?? lastName
        }
        return Self.present(period?.enseigne1Etablissement) ?? Self.present(period?.denominationUsuelleEtablissement)
    }

    private static func present(_ value: String?) -> String? {
        guard let value, !value.allSatisfy(\.isWhitespace) else { return nil }
        return value
    }

    private static func require(_ value: String?, _ field: String, siret: String) throws(SireneError) -> String {
        guard let value = Self.present(value) else { throw Self.missing(field, siret: siret) }
        return value
    }

    /// A `YYYY-MM-DD` date, or nil when absent.
    private static func date(_ value: String?, _ field: String, _ siret: String) throws(SireneError) -> String? {
        guard let value = Self.present(value) else { return nil }
        guard value.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) != nil else {
            throw SireneError(.malformed, "the date is not YYYY-MM-DD", siret: siret, httpStatus: 200, field: field)
        }
        return value
    }

    private static func missing(_ field: String, siret: String) -> SireneError {
        SireneError(.malformed, "a required field is missing", siret: siret, httpStatus: 200, field: field)
    }

    private static func malformed(_ error: DecodingError, siret: String) -> SireneError {
        let path: [any CodingKey]
        let message: String
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            (path, message) = (context.codingPath, "a field has the wrong type")
        case .keyNotFound(let key, let context):
            (path, message) = (context.codingPath + [key], "a required field is missing")
        case .dataCorrupted(let context):
            let what = context.codingPath.isEmpty ? "the body is not JSON" : "a field is unreadable"
            (path, message) = (context.codingPath, what)
        @unknown default:
            (path, message) = ([], "the body is unreadable")
        }
        return SireneError(
            .malformed, message, siret: siret, httpStatus: 200, field: Self.render(path), underlying: error)
    }

    /// `etablissement.periodesEtablissement[0].dateFin`, or `body` for the root.
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "body" : text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { self.isASCII && self.isNumber }
}
