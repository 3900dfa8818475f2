/// An error of the service runtime: a code, and a message that is safe to log (no secret, no body).
public struct ServiceRuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// A configuration value is missing or invalid.
        public static var invalidConfiguration: Self { Self(name: "invalidConfiguration") }
        /// The broker topology lacks something the service needs.
        public static var topologyMismatch: Self { Self(name: "topologyMismatch") }
        /// A handler for this message type is already registered, or none is.
        public static var handlerRegistration: Self { Self(name: "handlerRegistration") }
        /// The message could not be read: envelope, JSON, contract or decoding.
        public static var invalidMessage: Self { Self(name: "invalidMessage") }
        /// The runtime is stopping or stopped.
        public static var shuttingDown: Self { Self(name: "shuttingDown") }
        /// The broker refused or lost a publish.
        public static var publishFailed: Self { Self(name: "publishFailed") }

        /// The code's name.
        public var description: String { self.name }
    }

    /// What kind of failure.
    public var code: Code
    /// What happened, safe to log.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(self.code): \(self.message)" }
}
