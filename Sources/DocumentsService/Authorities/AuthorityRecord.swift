import ContractTypes
import DocumentsDomain
import Foundation
import Identifiers
import ServiceRuntime
import Storage

/// An authority of the registry (one per SIREN): its ACTES identity, agreement, PES adhesion and addresses.
struct AuthorityRecord: Codable, Sendable, Hashable {
    struct Budget: Codable, Sendable, Hashable {
        /// `IdColl`: the SIRET of the budget.
        var idColl: String
        var codCol: String
        var codBud: String
        var label: String?
    }

    var siren: String
    var name: String
    var departement: String
    var arrondissement: String
    /// ACTES nature of the authority (2 digits).
    var nature: String
    /// The reference of the ACTES agreement with the prefecture; nil: not joined to ACTES.
    var actesAgreement: String?
    /// PES domains of the adhesion (depense, recette, pj, budget, marche); empty: not joined to HELIOS.
    var pesDomains: [String]
    var budgets: [Budget]
    var referentName: String
    var referentPhone: String?
    var referentEmail: String
    var returnAddresses: [String]
    var broadcastAddresses: [String]
    var classificationDate: CalendarDate?

    /// Every field checked, each refusal naming its field and rule.
    func validated() throws(ServiceProblem) -> AuthorityRecord {
        func refuse(_ field: String, _ rule: String, _ detail: String) -> ServiceProblem {
            ServiceProblem(.invalid, code: "authorityInvalid", field: field, rule: rule, detail)
        }
        guard SIREN.isValid(self.siren) else { throw refuse("siren", "9 digits with a valid Luhn key", self.siren) }
        guard Departement.isValid(self.departement) else {
            throw refuse("departement", "a département code of 3 characters (001…095, 02A, 02B, 971…976, 987, 988)", self.departement)
        }
        guard self.arrondissement.count <= 2, !self.arrondissement.isEmpty, self.arrondissement.allSatisfy(\.isASCIIDigit) else {
            throw refuse("arrondissement", "1–2 digits", self.arrondissement)
        }
        guard self.nature.count == 2, self.nature.allSatisfy(\.isASCIIDigit) else {
            throw refuse("nature", "the ACTES nature of the authority: 2 digits (31 commune, 44 communauté de communes…)", self.nature)
        }
        guard !self.name.isEmpty, self.name.count <= 300 else { throw refuse("name", "1–300 characters", "\(self.name.count) characters") }
        guard !self.referentName.isEmpty, self.referentName.count <= 200 else { throw refuse("referentName", "1–200 characters", self.referentName) }
        guard Self.isEmail(self.referentEmail) else { throw refuse("referentEmail", "an e-mail address", self.referentEmail) }
        guard !self.returnAddresses.isEmpty, self.returnAddresses.count <= 20 else {
            throw refuse("returnAddresses", "domain §3.4: 1 to 20 return addresses (AdressesRetour are mandatory)", "\(self.returnAddresses.count) given")
        }
        for (index, address) in (self.returnAddresses + self.broadcastAddresses).enumerated() where !Self.isEmail(address) {
            let field = index < self.returnAddresses.count ? "returnAddresses[\(index)]" : "broadcastAddresses[\(index - self.returnAddresses.count)]"
            throw refuse(field, "an e-mail address", address)
        }
        let domains: Set<String> = ["depense", "recette", "pj", "budget", "marche", "other"]
        for (index, domain) in self.pesDomains.enumerated() where !domains.contains(domain) {
            throw refuse("pesDomains[\(index)]", "one of \(domains.sorted().joined(separator: ", "))", domain)
        }
        for (index, budget) in self.budgets.enumerated() {
            guard SIRET.isValid(budget.idColl), budget.idColl.hasPrefix(self.siren) || SIRET.isValid(budget.idColl) else {
                throw refuse("budgets[\(index)].idColl", "IdColl is the SIRET of the budget (14 digits, Luhn)", budget.idColl)
            }
            guard Self.matches(budget.codCol, maximum: 3) else { throw refuse("budgets[\(index)].codCol", "1–3 characters A–Z, 0–9", budget.codCol) }
            guard Self.matches(budget.codBud, maximum: 2) else { throw refuse("budgets[\(index)].codBud", "1–2 characters A–Z, 0–9", budget.codBud) }
        }
        if !self.pesDomains.isEmpty, self.budgets.isEmpty {
            throw refuse("budgets", "a PES adhesion names its budgets (arrêté of 27 June 2007)", "domains without a budget")
        }
        var copy = self
        var seen: Set<String> = []
        copy.returnAddresses = self.returnAddresses.filter { seen.insert($0.lowercased()).inserted }
        return copy
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return text.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace || $0.isNewline })
    }

    private static func matches(_ text: String, maximum: Int) -> Bool {
        (1...maximum).contains(text.count) && text.allSatisfy { ($0.isASCIIDigit) || ("A"..."Z").contains($0) }
    }

    var emitter: ActesXML.Emitter {
        get throws {
            ActesXML.Emitter(
                siren: try SIREN(self.siren), departement: try Departement(self.departement), arrondissement: self.arrondissement,
                nature: self.nature, referentName: self.referentName, referentPhone: self.referentPhone,
                referentEmail: self.referentEmail, returnAddresses: self.returnAddresses)
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { self.isASCII && self.isNumber }
}
