/// Why a catalogue directory could not be loaded: the file, the path of the field inside it (`experts[3].email`),
/// the line when known, and what is wrong. Safe to log (reference data only).
public struct CatalogueLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// A required file is not in the directory.
        public static let missingFile = Code(rawValue: "missingFile")
        /// The file exists but cannot be read as UTF-8 text.
        public static let unreadableFile = Code(rawValue: "unreadableFile")
        /// The text is not YAML.
        public static let invalidYAML = Code(rawValue: "invalidYAML")
        /// A required field is absent.
        public static let missingField = Code(rawValue: "missingField")
        /// A field the format does not have (often a misspelling).
        public static let unknownField = Code(rawValue: "unknownField")
        /// A field holds a value of the wrong type or an invalid value.
        public static let invalidValue = Code(rawValue: "invalidValue")

        public var description: String { self.rawValue }
    }

    public let code: Code
    /// The file name, `experts.yaml`.
    public let file: String
    /// The path inside the file, `experts[3].antenneId`; empty for the whole file.
    public let path: String
    /// 1-based line of the offending node, when the YAML was parsed far enough to know it.
    public let line: Int?
    public let message: String

    public init(_ code: Code, file: String, path: String, line: Int? = nil, message: String) {
        self.code = code
        self.file = file
        self.path = path
        self.line = line
        self.message = message
    }

    /// `"experts.yaml:12: experts[3].antenneId: missingField (required field missing)"`.
    public var description: String {
        let location = self.line.map { "\(self.file):\($0)" } ?? self.file
        let path = self.path.isEmpty ? "" : " \(self.path):"
        return "\(location):\(path) \(self.code) (\(self.message))"
    }
}
