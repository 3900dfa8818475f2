import ContractTypes

/// An authority's classification as returned by its prefecture (domain §3.3): the date of the version, the
/// natures with the attachment types they allow, and the matters (every level, as string paths).
public struct ClassificationTree: Sendable, Hashable, Codable {
    public struct Nature: Sendable, Hashable, Codable {
        public let code: String
        public let label: String
        /// `CodeTypePJ` values (`99_DE`): 5 characters.
        public let attachmentTypes: [String]

        public init(code: String, label: String, attachmentTypes: [String]) {
            self.code = code
            self.label = label
            self.attachmentTypes = attachmentTypes
        }
    }

    public let date: CalendarDate
    public let natures: [Nature]
    /// Path → label.
    public let matters: [String: String]

    public init(date: CalendarDate, natures: [Nature], matters: [String: String]) {
        self.date = date
        self.natures = natures
        self.matters = matters
    }

    /// Refuses an act built on another version of the tree or on a path the tree does not have.
    public func check(matter: MatterPath, classificationDate: CalendarDate, nature: ActNature) throws(DocumentRefusal) {
        guard classificationDate == self.date else {
            throw DocumentRefusal(
                "classificationOutdated", field: "classificationDate",
                rule: "domain §3.3: an act is built on its authority's current classification",
                "the act uses the classification of \(classificationDate), the current one is of \(self.date)")
        }
        guard self.matters[matter.description] != nil else {
            throw DocumentRefusal(
                "matterUnknown", field: "matter", rule: "domain §3.3: the path is in the authority's current tree",
                "\(matter) is not in the classification of \(self.date)")
        }
        guard self.natures.isEmpty || self.natures.contains(where: { $0.code == nature.code }) else {
            throw DocumentRefusal(
                "natureUnknown", field: "natureCode", rule: "domain §3.3: the nature is in the authority's current tree",
                "nature \(nature.code) is not in the classification of \(self.date)")
        }
    }

    /// The attachment type of the act's files: the nature's first type, else the generic `99_AU`.
    public func attachmentType(for nature: ActNature) -> String {
        self.natures.first { $0.code == nature.code }?.attachmentTypes.first ?? "99_AU"
    }
}
