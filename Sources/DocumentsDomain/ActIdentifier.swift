import ContractTypes
import Foundation
import Identifiers

/// The IDActe `{DDD}-{SIREN}-{YYYYMMDD}-{NUMERO}-{NA}` (domain §1.4): département from the table, SIREN with its
/// Luhn key, the decision date, the strict numéro interne and the nature's abbreviation.
public struct ActIdentifier: Hashable, Sendable, CustomStringConvertible {
    public let departement: Departement
    public let siren: SIREN
    public let decisionDate: CalendarDate
    public let numero: NumeroInterne
    public let nature: ActNature

    public init(departement: Departement, siren: SIREN, decisionDate: CalendarDate, numero: NumeroInterne, nature: ActNature) {
        self.departement = departement
        self.siren = siren
        self.decisionDate = decisionDate
        self.numero = numero
        self.nature = nature
    }

    public init(parsing text: String) throws(DocumentRefusal) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let rule = "domain §1.4: {DDD}-{SIREN}-{YYYYMMDD}-{NUMERO}-{NA}"
        guard parts.count == 5, parts[2].count == 8, let date = CalendarDate(Self.dashed(parts[2])) else {
            throw DocumentRefusal("idActeInvalid", field: "idActe", rule: rule, "\(text.debugDescription) is not an IDActe")
        }
        do {
            self.departement = try Departement(parts[0])
            self.siren = try SIREN(parts[1])
        } catch {
            throw DocumentRefusal("idActeInvalid", field: "idActe", rule: rule, "\(text): \(error)")
        }
        self.decisionDate = date
        self.numero = try NumeroInterne(parts[3])
        self.nature = try ActNature(abbreviation: parts[4])
    }

    public var description: String {
        let date = self.decisionDate.description.replacingOccurrences(of: "-", with: "")
        return "\(self.departement.code)-\(self.siren.value)-\(date)-\(self.numero.value)-\(self.nature.abbreviation)"
    }

    private static func dashed(_ compact: String) -> String {
        let characters = Array(compact)
        return String(characters[0..<4]) + "-" + String(characters[4..<6]) + "-" + String(characters[6..<8])
    }
}
