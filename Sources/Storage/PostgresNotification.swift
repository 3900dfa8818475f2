/// A notification delivered by `NOTIFY` or `pg_notify` to a channel this process listens on.
public struct PostgresNotification: Hashable, Sendable {
    /// The channel name, exactly as given to `NOTIFY` (case-sensitive).
    public var channel: String
    /// The payload; empty when none was given.
    public var payload: String
    /// The process ID of the server backend that sent the notification.
    public var backendPID: Int

    /// Creates a notification.
    ///
    /// - Parameters:
    ///   - channel: The channel name.
    ///   - payload: The payload.
    ///   - backendPID: The sending backend's process ID.
    public init(channel: String, payload: String, backendPID: Int) {
        self.channel = channel
        self.payload = payload
        self.backendPID = backendPID
    }
}
