/// An error of the notifications service: a code, the field or setting concerned, and a message safe to log
/// (never an address or a mail body).
public struct NotificationsError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; cases can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidSetting, invalidRequest, notFound, unknownTemplate
        }

        private let base: Base

        /// A setting (environment variable) has an unusable value.
        public static var invalidSetting: Self { Self(base: .invalidSetting) }
        /// An HTTP request or a notice request breaks a rule; ``NotificationsError/field`` names the field.
        public static var invalidRequest: Self { Self(base: .invalidRequest) }
        /// The subscription, token or notification does not exist.
        public static var notFound: Self { Self(base: .notFound) }
        /// A notice request names a template this service does not have.
        public static var unknownTemplate: Self { Self(base: .unknownTemplate) }

        /// The code's name.
        public var description: String { String(describing: self.base) }
    }

    /// The kind of failure.
    public var code: Code
    /// The field, variable or setting concerned (`filters.departements[1]`, `PASSERELLE_MAIL_FROM`).
    public var field: String?
    /// The rule that failed (`format`, `pattern ^[0-9]{2,8}$`, `required`).
    public var rule: String?
    /// What happened, safe to log.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, field: String? = nil, rule: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.rule = rule
        self.message = message
    }

    /// `code (field, rule): message`.
    public var description: String {
        let context = [self.field, self.rule].compactMap { $0 }.joined(separator: ", ")
        return "\(self.code)\(context.isEmpty ? "" : " (\(context))"): \(self.message)"
    }
}
