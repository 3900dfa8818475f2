public import Messaging

/// A command made on behalf of a person carries that person's token in an AMQP header; the receiving
/// service verifies it like an HTTP request's bearer token.
public enum ActorToken {
    /// `x-passerelle-actor-token`: the person's JWT (a string).
    public static let header = "x-passerelle-actor-token"
    /// `x-passerelle-sender`: on a copy the runtime publishes again (a retry hop, a parking), the validated
    /// `user_id` of the original publisher (empty when it had none). Trusted only on messages whose own
    /// `user_id` is the receiving service's user, which only that service can publish.
    public static let senderHeader = "x-passerelle-sender"

    /// The validated sender of a delivery, seen by the service whose broker user is `ownUser`.
    public static func sender(of properties: AMQPProperties, ownUser: String) -> String? {
        guard let user = properties.userID, !user.isEmpty else { return nil }
        guard user == ownUser else { return user }
        guard let forwarded = properties.headers[Self.senderHeader] else { return user }
        guard case .string(let original) = forwarded, !original.isEmpty else { return nil }
        return original
    }

    /// What a copy the runtime publishes again (a retry hop, a parking) carries of the original's sender:
    /// its validated sender in ``senderHeader``, and no `user_id` (the broker stamps the service's own).
    public static func forwarding(_ original: AMQPProperties, ownUser: String) -> Forwarded {
        Forwarded(sender: Self.sender(of: original, ownUser: ownUser) ?? "")
    }

    /// See ``forwarding(_:ownUser:)``.
    public struct Forwarded: Sendable {
        public var sender: String

        /// `copy` with the sender header set and its `user_id` cleared.
        public func merging(into copy: AMQPProperties) -> AMQPProperties {
            var copy = copy
            copy.headers[ActorToken.senderHeader] = .string(self.sender)
            copy.userID = nil
            return copy
        }
    }

    /// The actor token of a delivery, when it is a string of sane length.
    static func token(of properties: AMQPProperties) -> String? {
        guard case .string(let token)? = properties.headers[Self.header], !token.isEmpty, token.utf8.count <= 8192 else {
            return nil
        }
        return token
    }
}
