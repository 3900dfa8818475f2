/// A bridge that cannot start or run, with an extensible code.
public struct BridgeError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { self.name }

        /// The settings or the contracts do not describe a usable bridge.
        public static let configuration = Code("configuration")
        /// A broker could not be reached or refused the bridge's account.
        public static let connection = Code("connection")
        /// The partner's certificate was refused (chain or host name).
        public static let tls = Code("tls")
        /// A quarantined message cannot be replayed.
        public static let replay = Code("replay")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(self.code): \(self.message)" }
}
