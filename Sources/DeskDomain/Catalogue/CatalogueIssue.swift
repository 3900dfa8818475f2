/// A problem ``CatalogueValidator`` found: where (file and path), which rule, how serious, and a message.
public struct CatalogueIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The catalogue must not be deployed: routing would be wrong or would fail.
        case error
        /// Worth a look, but routing still works (the default desk catches what nobody serves).
        case warning
    }

    /// A stable machine code for the rule broken. New codes may appear.
    public struct Rule: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// Two entries of a file have the same id.
        public static let duplicateId = Rule(rawValue: "duplicateId")
        /// An id refers to nothing (`experts[3].antenneId`, `subjects[0].themeId`, a question rule's question).
        public static let unknownReference = Rule(rawValue: "unknownReference")
        /// A required text (id, name, label) is blank.
        public static let required = Rule(rawValue: "required")
        /// Not a commune INSEE code (``CommuneCode``).
        public static let invalidCommune = Rule(rawValue: "invalidCommune")
        /// Not a département code.
        public static let invalidDepartement = Rule(rawValue: "invalidDepartement")
        /// Not a NAF code or prefix (``NAFCode/isValidPattern(_:)``).
        public static let invalidNafPattern = Rule(rawValue: "invalidNafPattern")
        /// Not a 4-digit legal category.
        public static let invalidLegalForm = Rule(rawValue: "invalidLegalForm")
        /// A bound is negative.
        public static let negativeBound = Rule(rawValue: "negativeBound")
        /// A minimum is above its maximum, so nobody can pass.
        public static let minAboveMax = Rule(rawValue: "minAboveMax")
        /// Not an e-mail address (``EmailAddress``).
        public static let invalidEmail = Rule(rawValue: "invalidEmail")
        /// An expert takes no subject (the default desk excepted).
        public static let expertWithoutSubject = Rule(rawValue: "expertWithoutSubject")
        /// No expert takes the subject: every need for it goes to the default desk.
        public static let subjectWithoutExpert = Rule(rawValue: "subjectWithoutExpert")
        /// An expert covers no commune: no own communes, an antenne without coverage, not global.
        public static let noCoverage = Rule(rawValue: "noCoverage")
        /// An institution kind that ``Institution/Kind/known`` does not list.
        public static let unknownKind = Rule(rawValue: "unknownKind")
        /// There is no default desk.
        public static let defaultDeskMissing = Rule(rawValue: "defaultDeskMissing")

        public var description: String { self.rawValue }

        public init(from decoder: any Decoder) throws {
            self.rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(self.rawValue)
        }
    }

    public let severity: Severity
    /// The file name, `experts.yaml`.
    public let file: String
    /// The path inside the file, `experts[3].antenneId`.
    public let path: String
    public let rule: Rule
    public let message: String

    public init(_ severity: Severity, file: CatalogueFile, path: String, rule: Rule, message: String) {
        self.severity = severity
        self.file = file.fileName
        self.path = path
        self.rule = rule
        self.message = message
    }

    /// `"error experts.yaml experts[3].antenneId: unknownReference (no antenne cci-99)"`.
    public var description: String {
        "\(self.severity.rawValue) \(self.file) \(self.path): \(self.rule) (\(self.message))"
    }
}

extension Array where Element == CatalogueIssue {
    /// The issues of severity ``CatalogueIssue/Severity/error``.
    public var errors: [CatalogueIssue] { self.filter { $0.severity == .error } }

    /// The issues of severity ``CatalogueIssue/Severity/warning``.
    public var warnings: [CatalogueIssue] { self.filter { $0.severity == .warning } }
}
