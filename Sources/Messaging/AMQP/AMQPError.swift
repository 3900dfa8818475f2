/// An error from the AMQP layer. Safe to log: it never holds a password or a message body.
public struct AMQPError: Error, Sendable, Hashable {
    /// What went wrong, as a stable code for programs to match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connectionFailed, authenticationFailed, tlsFailed, connectionLost, heartbeatTimeout
            case channelClosed, connectionClosedByServer, unroutable, nacked, timeout
            case notConnected, closed, consumerCancelled, staleDelivery, libraryFailure, invalidArgument
        }

        private let base: Base

        /// TCP connect or the AMQP handshake failed.
        public static var connectionFailed: Self { Self(base: .connectionFailed) }
        /// The broker refused the credentials (403 ACCESS_REFUSED at login).
        public static var authenticationFailed: Self { Self(base: .authenticationFailed) }
        /// The TLS handshake or the certificate or host-name check failed.
        public static var tlsFailed: Self { Self(base: .tlsFailed) }
        /// The connection broke (socket error, broker gone). A publish in flight has an unknown outcome.
        public static var connectionLost: Self { Self(base: .connectionLost) }
        /// No frame arrived for two heartbeat intervals: the peer is considered dead.
        public static var heartbeatTimeout: Self { Self(base: .heartbeatTimeout) }
        /// The broker closed a channel (404 NOT_FOUND, 403 ACCESS_REFUSED, 406 PRECONDITION_FAILED, …).
        /// ``AMQPError/serverReply`` holds the code and text. Other channels are unaffected.
        public static var channelClosed: Self { Self(base: .channelClosed) }
        /// The broker closed the whole connection (for example `rabbitmqctl close_connection`).
        public static var connectionClosedByServer: Self { Self(base: .connectionClosedByServer) }
        /// A mandatory message was returned: no queue is bound for its routing key.
        public static var unroutable: Self { Self(base: .unroutable) }
        /// The broker refused the message (`basic.nack`), e.g. a full queue with `x-overflow: reject-publish`.
        public static var nacked: Self { Self(base: .nacked) }
        /// An operation did not finish in time.
        public static var timeout: Self { Self(base: .timeout) }
        /// The connection is recovering, so the operation could not be sent.
        public static var notConnected: Self { Self(base: .notConnected) }
        /// The connection, publisher or consumer was closed by this process.
        public static var closed: Self { Self(base: .closed) }
        /// The broker cancelled the consumer (its queue was deleted).
        public static var consumerCancelled: Self { Self(base: .consumerCancelled) }
        /// An ack, nack or reject for a delivery received before a reconnect. The broker has already
        /// requeued the message, so it will be delivered again.
        public static var staleDelivery: Self { Self(base: .staleDelivery) }
        /// rabbitmq-c reported an error that fits no other code.
        public static var libraryFailure: Self { Self(base: .libraryFailure) }
        /// The caller passed a value the protocol cannot carry.
        public static var invalidArgument: Self { Self(base: .invalidArgument) }

        /// The code's name, e.g. `channelClosed`.
        public var description: String { self.base.rawValue }
    }

    /// The reply the broker sent with `channel.close`, `connection.close` or `basic.return`.
    public struct ServerReply: Sendable, Hashable, CustomStringConvertible {
        /// The AMQP reply code, e.g. 404.
        public var code: Int
        /// The reply text, e.g. `NOT_FOUND - no queue 'x' in vhost '/'`.
        public var text: String
        /// The class id of the method that caused it (0 when not applicable).
        public var classID: Int
        /// The method id of the method that caused it (0 when not applicable).
        public var methodID: Int

        /// Creates a reply.
        ///
        /// - Parameters:
        ///   - code: The AMQP reply code.
        ///   - text: The reply text.
        ///   - classID: The class id of the failing method.
        ///   - methodID: The method id of the failing method.
        public init(code: Int, text: String, classID: Int = 0, methodID: Int = 0) {
            self.code = code
            self.text = text
            self.classID = classID
            self.methodID = methodID
        }

        /// `404 NOT_FOUND - …`.
        public var description: String { "\(self.code) \(self.text)" }
    }

    /// What went wrong.
    public var code: Code
    /// The operation that failed, e.g. `queue.declare(orders)`.
    public var operation: String
    /// The broker's reply, for channel and connection closes and returns.
    public var serverReply: ServerReply?
    /// The rabbitmq-c status code, for library failures.
    public var libraryStatus: Int32?
    /// rabbitmq-c's text for ``libraryStatus``.
    public var libraryMessage: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - operation: The operation that failed.
    ///   - serverReply: The broker's reply, if any.
    ///   - libraryStatus: The rabbitmq-c status, if any.
    ///   - libraryMessage: rabbitmq-c's text for the status.
    public init(
        _ code: Code,
        operation: String,
        serverReply: ServerReply? = nil,
        libraryStatus: Int32? = nil,
        libraryMessage: String? = nil
    ) {
        self.code = code
        self.operation = operation
        self.serverReply = serverReply
        self.libraryStatus = libraryStatus
        self.libraryMessage = libraryMessage
    }

    /// The AMQP reply code (404, 403, 406, 312, …), when the broker sent one.
    public var replyCode: Int? { self.serverReply?.code }

    /// Whether the operation may succeed if tried again later (connection-level trouble, nacks,
    /// timeouts), as opposed to a problem in the request itself (404, 403, 406, unroutable).
    public var isTransient: Bool {
        switch self.code {
        case .connectionFailed, .connectionLost, .heartbeatTimeout, .connectionClosedByServer, .nacked,
            .timeout, .notConnected:
            return true
        default:
            return false
        }
    }
}

extension AMQPError: CustomStringConvertible {
    /// A one-line summary, safe to log.
    public var description: String {
        var text = "AMQPError(\(self.code)) during \(self.operation)"
        if let reply = self.serverReply {
            text += ": \(reply)"
        }
        if let message = self.libraryMessage {
            text += ": \(message)"
        } else if let status = self.libraryStatus {
            text += ": status \(status)"
        }
        return text
    }
}
