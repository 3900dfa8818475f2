/// The body of INSEE's `GET /siret/{siret}` (API Sirene 3.11), reduced to the fields Passerelle reads:
///
/// ```json
/// {"header": {"statut": 200, "message": "ok"},
///  "etablissement": {"siren": "…", "siret": "…", "dateCreationEtablissement": "2016-05-10",
///    "trancheEffectifsEtablissement": "03",
///    "uniteLegale": {"categorieJuridiqueUniteLegale": "5499", "denominationUniteLegale": "…", …},
///    "adresseEtablissement": {"codeCommuneEtablissement": "21231", …},
///    "periodesEtablissement": [{"dateFin": null, "dateDebut": "…", "etatAdministratifEtablissement": "A",
///      "activitePrincipaleEtablissement": "56.10A", "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
///      "enseigne1Etablissement": null, …}, …]}}
/// ```
///
/// Every field is optional here; ``EstablishmentReader`` decides which ones are required, so a missing one is
/// reported by name. Unknown fields are ignored.
struct SiretAnswer: Decodable {
    struct Header: Decodable {
        var statut: Int?
        var message: String?
    }

    struct LegalUnit: Decodable {
        var categorieJuridiqueUniteLegale: String?
        var denominationUniteLegale: String?
        var nomUniteLegale: String?
        var nomUsageUniteLegale: String?
        var prenom1UniteLegale: String?
        var prenomUsuelUniteLegale: String?
    }

    struct Address: Decodable {
        var codeCommuneEtablissement: String?
    }

    struct Period: Decodable {
        var dateFin: String?
        var dateDebut: String?
        var etatAdministratifEtablissement: String?
        var activitePrincipaleEtablissement: String?
        var nomenclatureActivitePrincipaleEtablissement: String?
        var enseigne1Etablissement: String?
        var denominationUsuelleEtablissement: String?
    }

    struct Body: Decodable {
        var siren: String?
        var siret: String?
        var dateCreationEtablissement: String?
        var trancheEffectifsEtablissement: String?
        var uniteLegale: LegalUnit?
        var adresseEtablissement: Address?
        var periodesEtablissement: [Period]?
        // Flat copies of the period fields, as in INSEE's stock files; read only when the periods lack them.
        var etatAdministratifEtablissement: String?
        var activitePrincipaleEtablissement: String?
        var nomenclatureActivitePrincipaleEtablissement: String?
    }

    var header: Header?
    var etablissement: Body?
}
