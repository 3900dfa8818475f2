import ContractTypes

/// The rules of domain §3.5 that need no database: each refusal names its field and rule. Uniqueness of the
/// numéro interne per authority is the service's (it needs every act ever sent).
public enum ActRules {
    /// 150 MB for the act and its annexes (157,286,400 bytes).
    public static let maximumBytes = 157_286_400
    public static let maximumObjectLength = 499

    public static func validate(_ draft: ActDraft, today: CalendarDate, tree: ClassificationTree?) throws(DocumentRefusal) -> ValidatedAct {
        let numero = try NumeroInterne(draft.numeroInterne)
        let nature = try ActNature(code: draft.natureCode)
        let matter = try MatterPath(draft.matter)
        try self.checkObject(draft.object)
        guard draft.decisionDate <= today else {
            throw DocumentRefusal(
                "decisionDateInFuture", field: "decisionDate", rule: "domain §3.5: the decision date is not in the future",
                "\(draft.decisionDate) is after today (\(today))")
        }
        if let tree {
            try tree.check(matter: matter, classificationDate: draft.classificationDate, nature: nature)
        }
        let actKind = try self.actKind(draft.act, nature: nature, matter: matter)
        var annexKinds: [FileKind] = []
        for (index, annex) in draft.annexes.enumerated() {
            guard let kind = FileKind.sniff(annex.head) else {
                throw DocumentRefusal(
                    "annexTypeRefused", field: "annexes[\(index)]", rule: "domain §3.5: annexes are PDF, XML, PNG or JPEG (by content)",
                    "\(annex.fileName) is none of them")
            }
            if actKind == .xml, kind != .pdf {
                throw DocumentRefusal(
                    "annexTypeRefused", field: "annexes[\(index)]", rule: "domain §3.5: the annexes of an XML act are PDF",
                    "\(annex.fileName) is \(kind.rawValue.uppercased()) and the act is XML")
            }
            annexKinds.append(kind)
        }
        let total = draft.annexes.reduce(draft.act.sizeBytes) { $0 + $1.sizeBytes }
        guard total <= self.maximumBytes else {
            throw DocumentRefusal(
                "actTooLarge", field: "annexes", rule: "domain §3.5: act and annexes weigh at most 150 MB (157,286,400 bytes)",
                "act and annexes weigh \(total) bytes")
        }
        return ValidatedAct(
            numero: numero, nature: nature, matter: matter, actKind: actKind, annexKinds: annexKinds, totalSizeBytes: total)
    }

    public static func checkObject(_ object: String, field: String = "object") throws(DocumentRefusal) {
        guard !object.isEmpty, object.count <= self.maximumObjectLength, !object.contains(where: \.isNewline) else {
            throw DocumentRefusal(
                "objectInvalid", field: field, rule: "domain §3.5: 1–499 characters, no line breaks",
                "the objet has \(object.count) characters\(object.contains(where: \.isNewline) ? " and a line break" : "")")
        }
    }

    private static func actKind(_ file: ActDraft.File, nature: ActNature, matter: MatterPath) throws(DocumentRefusal) -> FileKind {
        let kind = FileKind.sniff(file.head)
        switch kind {
        case .pdf: return .pdf
        case .xml where nature == .budget && matter.levels.starts(with: ["7", "1"]): return .xml
        default:
            throw DocumentRefusal(
                "actTypeRefused", field: "act",
                rule: "domain §3.5: the act is a PDF; XML only for a budget act (nature 5) of matter 7.1 or below",
                "\(file.fileName) is \(kind.map { $0.rawValue.uppercased() } ?? "neither PDF nor XML") (nature \(nature.code), matter \(matter))")
        }
    }
}
