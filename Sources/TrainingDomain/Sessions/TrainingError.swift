/// A refused training action: a stable code (extensible, clients keep a default branch), the field and the rule it
/// breaks, and a message for people.
public struct TrainingError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { self.rawValue }

        /// A field is missing or malformed.
        public static let invalidField = Code(rawValue: "invalidField")
        /// No seat and no waitlist.
        public static let sessionFull = Code(rawValue: "sessionFull")
        /// The session does not take sign-ups (or changes) in its status.
        public static let sessionNotOpen = Code(rawValue: "sessionNotOpen")
        /// The move is not allowed from the current status.
        public static let invalidTransition = Code(rawValue: "invalidTransition")
        /// The agent already has an active sign-up on an overlapping session.
        public static let agentOverlap = Code(rawValue: "agentOverlap")
        /// A trainer of the session gives another session at the same time.
        public static let trainerOverlap = Code(rawValue: "trainerOverlap")
        /// The room hosts another session at the same time.
        public static let roomOverlap = Code(rawValue: "roomOverlap")
        /// The agent already signed up for this session.
        public static let alreadySignedUp = Code(rawValue: "alreadySignedUp")
        /// The registration closed (the cancellation cut-off before the start).
        public static let registrationClosed = Code(rawValue: "registrationClosed")
        /// The course is not in the catalogue.
        public static let unknownCourse = Code(rawValue: "unknownCourse")
        /// The same id was used with a different body.
        public static let idConflict = Code(rawValue: "idConflict")
    }

    public let code: Code
    public let field: String
    public let rule: String
    public let message: String

    public init(_ code: Code, field: String, rule: String, _ message: String) {
        self.code = code
        self.field = field
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(self.code) \(self.field): \(self.rule) (\(self.message))" }
}
