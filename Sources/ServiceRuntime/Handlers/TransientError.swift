

/// Marks an error as transient: the same message may succeed later (a timeout, a remote service
/// unavailable). The runtime retries it in process, then through the broker's delay levels, and parks it
/// only when every level failed. Any other error a handler throws is permanent and parks the message at
/// once.
public protocol TransientFailure: Error {}

/// A transient error with a description, for handlers that have no error type of their own.
public struct TransientError: TransientFailure, CustomStringConvertible {
    /// What failed, safe to log.
    public var message: String

    /// Creates a transient error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { self.message }
}

/// A permanent error with a description: the message will never succeed as it is.
public struct PermanentError: Error, CustomStringConvertible {
    /// What failed, safe to log.
    public var message: String

    /// Creates a permanent error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { self.message }
}
