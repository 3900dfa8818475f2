import Foundation

/// The synthetic people and organisations of `passerelle demo` (Luhn-valid numbers, owned by nobody we
/// know of, except where domain §9 says otherwise).
package enum DemoCast {
    package struct Buyer {
        package var siret: String
        package var name: String
        package var departement: String
        package var commune: String
    }

    package struct Company {
        package var siret: String
        package var name: String
        package var contact: String
        package var email: String
    }

    package static let region = Buyer(siret: "20005372600010", name: "Région Bourgogne-Franche-Comté", departement: "025", commune: "25056")
    package static let dijon = Buyer(siret: "21210231300013", name: "Commune de Dijon", departement: "021", commune: "21231")
    package static let morvan = Buyer(siret: "24210000600012", name: "Communauté de communes du Morvan (fictive)", departement: "058", commune: "58194")

    package static let btp = Company(siret: "55208131700018", name: "BTP Bourgogne SARL", contact: "Claire Bernard", email: "claire.bernard@btp-bourgogne.example")
    package static let routes = Company(siret: "73282932000074", name: "Routes et Réseaux de Saône SAS", contact: "Marc Lefèvre", email: "m.lefevre@routes-saone.example")
    package static let numerique = Company(siret: "12345678200010", name: "Infoservices Dijon", contact: "Inès Moreau", email: "ines.moreau@infoservices-dijon.example")

    /// An alert subscriber who never downloads: receives only optional alerts (with an unsubscribe link).
    package static let watcher = (email: "veille@cci-bfc.example", name: "Veille marchés CCI")
}
