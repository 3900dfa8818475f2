/// A refused change to an aid application, naming the states involved.
public struct DossierError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was refused, as an extensible set of codes.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The state change is not in ``DossierState/allowedNext``.
        public static let transitionNotAllowed = Code(rawValue: "transitionNotAllowed")
        /// The applicant edited a dossier that is locked (domain §5.5).
        public static let editNotAllowed = Code(rawValue: "editNotAllowed")

        public var description: String { self.rawValue }
    }

    public let code: Code
    public let from: DossierState
    /// The requested state; `nil` for an edit.
    public let to: DossierState?
    public let message: String

    public init(_ code: Code, from: DossierState, to: DossierState?, message: String) {
        self.code = code
        self.from = from
        self.to = to
        self.message = message
    }

    public var description: String { "\(self.code): \(self.message)" }
}
