/// Why a field of a form or a record is refused: the field, a stable machine code for the rule, and a message for
/// people that names the value's problem.
public struct FieldViolation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A stable machine code. Clients switch on it; new codes may appear, so keep a default branch.
    public struct Rule: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The field is missing or blank.
        public static let required = Rule(rawValue: "required")
        /// The value does not have the expected shape (digits, pattern, syntax).
        public static let format = Rule(rawValue: "format")
        /// A SIREN/SIRET fails its Luhn check (or La Poste's mod-5 exception).
        public static let luhn = Rule(rawValue: "luhn")
        /// A number is outside its allowed range (an amount must be positive).
        public static let range = Rule(rawValue: "range")
        /// The text is shorter than allowed.
        public static let tooShort = Rule(rawValue: "tooShort")
        /// The text is longer than allowed.
        public static let tooLong = Rule(rawValue: "tooLong")
        /// The value contradicts another one (the draft names another landing subject).
        public static let mismatch = Rule(rawValue: "mismatch")
        /// The establishment is closed and the subject is not offered to closed establishments.
        public static let closedEstablishment = Rule(rawValue: "closedEstablishment")

        public var description: String { self.rawValue }

        public init(from decoder: any Decoder) throws {
            self.rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(self.rawValue)
        }
    }

    /// The field, as the form names it (`siret`, `email`, `requestedHelpAmountCents`).
    public let field: String
    public let rule: Rule
    public let message: String

    public init(field: String, rule: Rule, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }

    /// `"siret: luhn (the SIRET fails the Luhn check)"`.
    public var description: String { "\(self.field): \(self.rule) (\(self.message))" }
}
