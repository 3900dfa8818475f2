import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What the hub reads of a `PES_Aller` (domain §4.1, §4.2): the envelope's `Parametres`, `EnTetePES` and, per
/// `Bordereau`, its `InfoDematerialisee` and whether it carries a signature. PES V2 puts values in `V` attributes.
public struct PesFile: Sendable, Hashable {
    public struct Bordereau: Sendable, Hashable {
        public let infoDematerialisee: String?
        public let signed: Bool
    }

    /// 128,000,000 bytes (domain §4.2).
    public static let maximumBytes = 128_000_000

    public let root: String
    public let typFic: String?
    public let nomFic: String?
    public let codCol: String?
    public let codBud: String?
    public let idPost: String?
    public let idColl: String?
    public let dteStr: String?
    /// The blocks under the root besides the envelope and header (`PES_DepenseAller`, `PES_RecetteAller`, …).
    public let blocks: [String]
    public let bordereaux: [Bordereau]

    public init(parsing data: Data) throws(DocumentRefusal) {
        guard data.count <= Self.maximumBytes else {
            throw DocumentRefusal(
                "pesTooLarge", field: "file", rule: "domain §4.2: a PES file weighs at most 128,000,000 bytes",
                "the file weighs \(data.count) bytes")
        }
        let reader = PesReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldProcessNamespaces = true
        guard parser.parse(), reader.rootClosed, let root = reader.root else {
            throw DocumentRefusal(
                "pesNotWellFormed", field: "file", rule: "domain §4.2: the file is well-formed XML",
                "the file is not well-formed XML (\(parser.parserError.map { "\($0)" } ?? "empty"))")
        }
        self.root = root
        self.typFic = reader.values["Enveloppe/Parametres/TypFic"]
        self.nomFic = reader.values["Enveloppe/Parametres/NomFic"]
        self.codCol = reader.values["EnTetePES/CodCol"]
        self.codBud = reader.values["EnTetePES/CodBud"]
        self.idPost = reader.values["EnTetePES/IdPost"]
        self.idColl = reader.values["EnTetePES/IdColl"]
        self.dteStr = reader.values["EnTetePES/DteStr"]
        self.blocks = reader.blocks
        self.bordereaux = reader.bordereaux
    }

    /// The rules of domain §4.2 on the file alone: a `PES_Aller` of type `PESALR2`, the mandatory `EnTetePES`
    /// keys, and `InfoDematerialisee` agreeing with each bordereau's signature and with `signed`.
    public func validate(signed: Bool) throws(DocumentRefusal) {
        guard self.root == "PES_Aller" else {
            throw DocumentRefusal("pesRootInvalid", field: "file", rule: "domain §4.1: the root element is PES_Aller", "the root is \(self.root)")
        }
        guard self.typFic == "PESALR2" else {
            throw DocumentRefusal(
                "pesTypFicInvalid", field: "file", rule: "domain §4.1: Enveloppe/Parametres/TypFic is PESALR2",
                "TypFic is \(self.typFic ?? "missing")")
        }
        for (key, value) in [("NomFic", self.nomFic), ("CodCol", self.codCol), ("IdPost", self.idPost), ("CodBud", self.codBud), ("IdColl", self.idColl)]
        where value?.isEmpty ?? true {
            throw DocumentRefusal(
                "pesHeaderMissing", field: "file", rule: "domain §4.2: EnTetePES/CodCol, IdPost, CodBud and IdColl are mandatory",
                "\(key) is missing")
        }
        guard !self.blocks.isEmpty else {
            throw DocumentRefusal(
                "pesEmpty", field: "file", rule: "domain §4.1: a PES_Aller carries one or more blocks (PES_DepenseAller, …)",
                "the file has no block after EnTetePES")
        }
        for (index, bordereau) in self.bordereaux.enumerated() {
            let number = index + 1
            switch bordereau.infoDematerialisee {
            case "1" where !bordereau.signed:
                throw DocumentRefusal(
                    "pesSignatureMissing", field: "file", rule: "domain §4.2: InfoDematerialisee = 1 only with a signed bordereau",
                    "bordereau \(number) has InfoDematerialisee = 1 and no signature")
            case "0" where bordereau.signed:
                throw DocumentRefusal(
                    "pesSignatureUnexpected", field: "file", rule: "domain §4.2: InfoDematerialisee = 0 forbids a signature",
                    "bordereau \(number) has InfoDematerialisee = 0 and a signature")
            case "0", "1":
                if signed != (bordereau.infoDematerialisee == "1") {
                    throw DocumentRefusal(
                        "pesSignedMismatch", field: "signed", rule: "signed agrees with every bordereau's InfoDematerialisee",
                        "signed is \(signed) and bordereau \(number) has InfoDematerialisee = \(bordereau.infoDematerialisee!)")
                }
            default: break
            }
        }
    }
}

/// Collects the `V` values by path under the root, the blocks and the bordereaux.
private final class PesReader: NSObject, XMLParserDelegate {
    var root: String?
    /// Linux's XMLParser reports success on a truncated document; the root's end tag proves it whole.
    var rootClosed = false
    var path: [String] = []
    var values: [String: String] = [:]
    var blocks: [String] = []
    var bordereaux: [PesFile.Bordereau] = []
    private var bordereauDepth: Int?
    private var info: String?
    private var signed = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if self.root == nil {
            self.root = elementName
            return
        }
        self.path.append(elementName)
        if self.path.count == 1, elementName != "Enveloppe", elementName != "EnTetePES" { self.blocks.append(elementName) }
        if let value = attributes["V"] {
            let key = self.path.joined(separator: "/")
            if self.values[key] == nil { self.values[key] = value }
        }
        if elementName == "Bordereau", self.bordereauDepth == nil {
            self.bordereauDepth = self.path.count
            self.info = nil
            self.signed = false
        } else if self.bordereauDepth != nil {
            if elementName == "InfoDematerialisee", self.info == nil { self.info = attributes["V"] }
            if elementName == "Signature" { self.signed = true }
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if self.path.count == self.bordereauDepth {
            self.bordereaux.append(.init(infoDematerialisee: self.info, signed: self.signed))
            self.bordereauDepth = nil
        }
        if self.path.isEmpty {
            self.rootClosed = elementName == self.root
        } else {
            self.path.removeLast()
        }
    }
}
