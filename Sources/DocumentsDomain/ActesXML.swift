import ContractTypes
import Identifiers

/// The ACTES documents of domain §3.4 in the ministry's namespace (`actesv1_1.xsd`), encoded ISO-8859-1.
public enum ActesXML {
    public static let namespace = "http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
    public static let inseeNamespace = "http://xml.insee.fr/schema"

    /// IDCL and the referent of an envelope.
    public struct Emitter: Sendable, Hashable {
        public let siren: SIREN
        public let departement: Departement
        public let arrondissement: String
        public let nature: String
        public let referentName: String
        public let referentPhone: String?
        public let referentEmail: String
        public let returnAddresses: [String]

        public init(
            siren: SIREN, departement: Departement, arrondissement: String, nature: String, referentName: String,
            referentPhone: String?, referentEmail: String, returnAddresses: [String]
        ) {
            self.siren = siren
            self.departement = departement
            self.arrondissement = arrondissement
            self.nature = nature
            self.referentName = referentName
            self.referentPhone = referentPhone
            self.referentEmail = referentEmail
            // AdressesRetour are mandatory and de-duplicated, first occurrence first.
            var seen: Set<String> = []
            self.returnAddresses = returnAddresses.filter { seen.insert($0.lowercased()).inserted }
        }
    }

    /// `actes:Acte` of a transmission (1-1).
    public struct Act: Sendable {
        public let decisionDate: CalendarDate
        public let numero: NumeroInterne
        public let nature: ActNature
        public let matter: MatterPath
        public let object: String
        public let classificationDate: CalendarDate
        public let documentFileName: String
        public let annexFileNames: [String]
        public let paperDocument: Bool

        public init(
            decisionDate: CalendarDate, numero: NumeroInterne, nature: ActNature, matter: MatterPath, object: String,
            classificationDate: CalendarDate, documentFileName: String, annexFileNames: [String], paperDocument: Bool
        ) {
            self.decisionDate = decisionDate
            self.numero = numero
            self.nature = nature
            self.matter = matter
            self.object = object
            self.classificationDate = classificationDate
            self.documentFileName = documentFileName
            self.annexFileNames = annexFileNames
            self.paperDocument = paperDocument
        }
    }

    public static func act(_ act: Act) -> [UInt8] {
        var xml = XMLWriter()
        xml.start("actes:Acte", [
            "xmlns:actes": self.namespace, "xmlns:insee": self.inseeNamespace, "actes:Date": act.decisionDate.description,
            "actes:NumeroInterne": act.numero.value, "actes:CodeNatureActe": act.nature.code,
        ])
        for (level, code) in act.matter.levels.enumerated() {
            xml.start("actes:CodeMatiere\(level + 1)", ["actes:CodeMatiere": code], empty: true)
        }
        xml.element("actes:Objet", act.object)
        xml.element("actes:ClassificationDateVersion", act.classificationDate.description)
        xml.start("actes:Document")
        xml.element("actes:NomFichier", act.documentFileName)
        xml.end()
        xml.start("actes:Annexes", ["actes:Nombre": String(act.annexFileNames.count)])
        for name in act.annexFileNames {
            xml.start("actes:Annexe")
            xml.element("actes:NomFichier", name)
            xml.end()
        }
        xml.end()
        xml.element("actes:DocumentPapier", act.paperDocument ? "O" : "N")
        xml.end()
        return xml.latin1()
    }

    /// `actes:Annulation` (6-1).
    public static func cancellation(_ id: ActIdentifier) -> [UInt8] {
        var xml = XMLWriter()
        xml.start("actes:Annulation", [
            "xmlns:actes": self.namespace, "xmlns:insee": self.inseeNamespace, "actes:IDActe": id.description,
        ], empty: true)
        return xml.latin1()
    }

    /// The authority's answer to a prefecture letter (domain §3.1): to a request for additional documents (type 3)
    /// `PieceComplementaire` (answer 4, one or more documents) or `RefusPieceComplementaire` (3); to a letter of
    /// observations (type 4) `ReponseLettreObservations` (4) or `RejetLettreObservations` (3), one document each.
    /// `DateCourrierPref` is the date the prefecture sent its letter.
    public static func letterAnswer(letterType: Int, answerType: Int, id: ActIdentifier, letterDate: CalendarDate, fileNames: [String]) -> [UInt8] {
        let root: String
        switch (letterType, answerType) {
        case (3, 4): root = "actes:PieceComplementaire"
        case (3, _): root = "actes:RefusPieceComplementaire"
        case (_, 4): root = "actes:ReponseLettreObservations"
        default: root = "actes:RejetLettreObservations"
        }
        var xml = XMLWriter()
        xml.start(root, [
            "xmlns:actes": self.namespace, "xmlns:insee": self.inseeNamespace, "actes:IDActe": id.description,
            "actes:DateCourrierPref": letterDate.description,
        ])
        let wrapped = letterType == 3 && answerType == 4
        if wrapped { xml.start("actes:Documents") }
        for name in fileNames {
            xml.start("actes:Document")
            xml.element("actes:NomFichier", name)
            xml.end()
        }
        if wrapped { xml.end() }
        xml.end()
        return xml.latin1()
    }

    /// `actes:DemandeClassification` (7-1), with the date of the tree the authority has, if any.
    public static func classificationRequest(current: CalendarDate?) -> [UInt8] {
        var xml = XMLWriter()
        xml.start("actes:DemandeClassification", ["xmlns:actes": self.namespace, "xmlns:insee": self.inseeNamespace])
        if let current { xml.element("actes:DateClassification", current.description) }
        xml.end()
        return xml.latin1()
    }

    /// `actes:EnveloppeCLMISILL`: the emitter, the referent, the return addresses and the business files sent.
    public static func envelope(_ emitter: Emitter, forms: [String]) -> [UInt8] {
        var xml = XMLWriter()
        xml.start("actes:EnveloppeCLMISILL", ["xmlns:actes": self.namespace, "xmlns:insee": self.inseeNamespace])
        xml.start("actes:Emetteur")
        xml.start("actes:IDCL", [
            "insee:SIREN": emitter.siren.value, "actes:Departement": emitter.departement.code,
            "actes:Arrondissement": emitter.arrondissement, "actes:Nature": emitter.nature,
        ], empty: true)
        xml.start("actes:Referent")
        xml.element("actes:Nom", emitter.referentName)
        if let phone = emitter.referentPhone { xml.element("actes:Telephone", phone) }
        xml.element("actes:Email", emitter.referentEmail)
        xml.end()
        xml.end()
        xml.start("actes:AdressesRetour")
        for address in emitter.returnAddresses { xml.element("actes:Email", address) }
        xml.end()
        xml.start("actes:FormulairesEnvoyes")
        for form in forms {
            xml.start("actes:Formulaire")
            xml.element("actes:NomFichier", form)
            xml.end()
        }
        xml.end()
        xml.end()
        return xml.latin1()
    }
}
