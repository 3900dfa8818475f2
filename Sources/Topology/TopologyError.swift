/// A failure of the topology layer: unreadable settings, an impossible derivation, a secret that cannot
/// be stored.
///
/// ``description`` never contains a password.
public struct TopologyError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidSettings
            case conflictingQueueSettings
            case secretStorage
            case migrationFailed
        }

        private let base: Base

        /// The settings YAML is malformed or holds an invalid value.
        public static var invalidSettings: Self { Self(base: .invalidSettings) }
        /// Two receive operations share a queue but disagree on its settings, or a queue has two owners.
        public static var conflictingQueueSettings: Self { Self(base: .conflictingQueueSettings) }
        /// A service password could not be read or written.
        public static var secretStorage: Self { Self(base: .secretStorage) }
        /// A queue migration could not finish (a shovel pass timed out, or the queue never emptied). The
        /// messages are in the queue or in `<queue>.migrating`; nothing was deleted while it held messages.
        public static var migrationFailed: Self { Self(base: .migrationFailed) }

        public var description: String { self.base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A short explanation, free of secrets.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "TopologyError(\(self.code)): \(self.message)" }
}
