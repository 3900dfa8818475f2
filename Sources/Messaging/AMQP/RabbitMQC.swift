internal import CRabbitMQ
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// The only file in Passerelle that calls rabbitmq-c functions (style rule 3). Everything here runs on the
// thread that owns the connection: rabbitmq-c forbids sharing a connection state between threads.

/// AMQP method ids (the AMQP_*_METHOD macros of amqp_framing.h are casts, which Swift does not import).
enum AMQPMethodID {
    static let connectionClose: UInt32 = 0x000A_0032
    static let connectionCloseOk: UInt32 = 0x000A_0033
    static let connectionBlocked: UInt32 = 0x000A_003C
    static let connectionUnblocked: UInt32 = 0x000A_003D
    static let channelClose: UInt32 = 0x0014_0028
    static let channelCloseOk: UInt32 = 0x0014_0029
    static let basicCancel: UInt32 = 0x003C_001E
    static let basicReturn: UInt32 = 0x003C_0032
    static let basicDeliver: UInt32 = 0x003C_003C
    static let basicAck: UInt32 = 0x003C_0050
    static let basicNack: UInt32 = 0x003C_0078
}

/// A delivery copied out of rabbitmq-c's buffers.
struct RawDelivery {
    var channel: UInt16
    var consumerTag: String
    var deliveryTag: UInt64
    var redelivered: Bool
    var exchange: String
    var routingKey: String
    var properties: AMQPProperties
    var body: [UInt8]
}

/// One asynchronous frame from the broker, decoded.
enum IncomingEvent {
    case delivery(RawDelivery)
    case ack(channel: UInt16, deliveryTag: UInt64, multiple: Bool)
    case nack(channel: UInt16, deliveryTag: UInt64, multiple: Bool)
    case returned(channel: UInt16, reply: AMQPError.ServerReply, messageID: String?)
    /// The broker closed a channel; `channel.close-ok` has already been sent.
    case channelClosed(channel: UInt16, reply: AMQPError.ServerReply)
    /// The broker closed the connection; `connection.close-ok` has already been sent.
    case connectionClosed(reply: AMQPError.ServerReply)
    case consumerCancelled(channel: UInt16, consumerTag: String)
    case blocked(reason: String)
    case unblocked
    case ignored
}

/// Owns one `amqp_connection_state_t` and its socket.
///
/// Not `Sendable`: it is created, used and destroyed on the connection's own thread only.
final class RabbitConnection {
    private let state: amqp_connection_state_t
    /// What the broker sent in `connection.start`.
    private(set) var serverProperties: AMQPTable = [:]
    /// The heartbeat interval both sides agreed on, in seconds (0 = none).
    private(set) var heartbeatSeconds: Int = 0
    /// The largest frame both sides agreed on.
    private(set) var frameMax: Int = 0
    private var destroyed = false
    /// Reused for every publish, so the hot path does not allocate C memory per message.
    private let publishArena = CArena(capacity: 16_384)

    private init(state: amqp_connection_state_t) {
        self.state = state
    }

    deinit {
        if !self.destroyed {
            // rabbitmq-c: amqp_destroy_connection closes the socket and frees every pool.
            amqp_destroy_connection(self.state)
        }
    }

    // MARK: - Opening

    /// Opens the socket (TCP or TLS), logs in and reads the negotiated parameters.
    static func open(
        _ configuration: AMQPConfiguration,
        clientProperties: AMQPTable,
        opensslHostnameCheck: Bool = true,
        forceLibraryHostnameCheck: Bool = false
    ) throws(AMQPError) -> RabbitConnection {
        guard let state = amqp_new_connection() else {
            throw AMQPError(.connectionFailed, operation: "allocate connection")
        }
        // From here on `connection` owns `state` and destroys it on every error path.
        let connection = RabbitConnection(state: state)
        let socket: OpaquePointer
        if let tls = configuration.tls {
            guard let sslSocket = amqp_ssl_socket_new(state) else {
                throw AMQPError(.tlsFailed, operation: "create TLS socket")
            }
            socket = sslSocket
            try connection.configureTLS(
                socket, tls: tls, host: configuration.host, opensslHostnameCheck: opensslHostnameCheck,
                forceLibraryHostnameCheck: forceLibraryHostnameCheck)
        } else {
            guard let tcpSocket = amqp_tcp_socket_new(state) else {
                throw AMQPError(.connectionFailed, operation: "create TCP socket")
            }
            socket = tcpSocket
        }
        var connectTimeout = timeval(configuration.connectionTimeout)
        let status = amqp_socket_open_noblock(socket, configuration.host, Int32(configuration.port), &connectTimeout)
        guard status == AMQP_STATUS_OK.rawValue else {
            let code: AMQPError.Code = Self.isTLSStatus(status) ? .tlsFailed : .connectionFailed
            throw Self.error(code, "connect to \(configuration.host):\(configuration.port)", status: status)
        }
        var handshakeTimeout = timeval(configuration.connectionTimeout)
        _ = amqp_set_handshake_timeout(state, &handshakeTimeout)
        try connection.login(configuration, clientProperties: clientProperties)
        // Every later RPC (declares, channel.open, qos) is bounded too; a timeout makes the connection
        // unusable in rabbitmq-c, which the caller then treats as a lost connection.
        var rpcTimeout = timeval(max(configuration.connectionTimeout, .seconds(30)))
        _ = amqp_set_rpc_timeout(state, &rpcTimeout)
        if let properties = amqp_get_server_properties(state) {
            connection.serverProperties = CDecode.table(properties.pointee)
        }
        connection.heartbeatSeconds = Int(amqp_get_heartbeat(state))
        connection.frameMax = Int(amqp_get_frame_max(state))
        return connection
    }

    private func configureTLS(
        _ socket: OpaquePointer,
        tls: AMQPConfiguration.TLS,
        host: String,
        opensslHostnameCheck: Bool,
        forceLibraryHostnameCheck: Bool
    ) throws(AMQPError) {
        // rabbitmq-c 0.11 defaults to TLS 1.0 as the minimum; 1.2 became the default only in 0.12.
        var status = amqp_ssl_socket_set_ssl_versions(socket, AMQP_TLSv1_2, AMQP_TLSvLATEST)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw Self.error(.tlsFailed, "set TLS versions", status: status)
        }
        if let caFile = tls.caFile {
            status = amqp_ssl_socket_set_cacert(socket, caFile)
            guard status == AMQP_STATUS_OK.rawValue else {
                throw Self.error(.tlsFailed, "load CA file \(caFile)", status: status)
            }
        }
        if let certFile = tls.certFile, let keyFile = tls.keyFile {
            status = amqp_ssl_socket_set_key(socket, certFile, keyFile)
            guard status == AMQP_STATUS_OK.rawValue else {
                throw Self.error(.tlsFailed, "load client certificate \(certFile)", status: status)
            }
        }
        amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
        // rabbitmq-c's own post-handshake host-name check (amqp_hostcheck.c) is kept on; OpenSSL's check
        // is added during the handshake, the workaround from rabbitmq-c issue #719 (see docs/amqp.md).
        // rabbitmq-c 0.11 checks the name it connected to against DNS SANs and the CN only: for an IP literal,
        // or an explicit server name, only OpenSSL's check applies (docs/amqp.md).
        let libraryCheck = tls.verifyPeer && tls.verifyHostname && tls.serverName == nil
            && (!Self.isIPLiteral(host) || forceLibraryHostnameCheck)
        amqp_ssl_socket_set_verify_hostname(socket, libraryCheck ? 1 : 0)
        if tls.verifyPeer && tls.verifyHostname && opensslHostnameCheck {
            let expected = tls.serverName ?? host
            guard passerelle_ssl_expect_host(socket, expected) == 1 else {
                throw AMQPError(.tlsFailed, operation: "set expected TLS host name \(expected)")
            }
        }
    }

    private func login(_ configuration: AMQPConfiguration, clientProperties: AMQPTable) throws(AMQPError) {
        let arena = CArena()
        var properties = arena.table(clientProperties)
        let heartbeat = Int32(configuration.heartbeat.components.seconds)
        let reply: amqp_rpc_reply_t
        switch configuration.authMechanism {
        case .plain:
            reply = passerelle_login_plain(
                self.state, configuration.virtualHost, Int32(configuration.channelMax), Int32(configuration.frameMax),
                heartbeat, &properties, configuration.username, configuration.password)
        case .external:
            reply = passerelle_login_external(
                self.state, configuration.virtualHost, Int32(configuration.channelMax), Int32(configuration.frameMax),
                heartbeat, &properties, configuration.username)
        }
        do {
            try self.check(reply, "login to vhost \(configuration.virtualHost)", channel: 0)
        } catch {
            if error.serverReply?.code == 403 || error.libraryStatus == AMQP_STATUS_CONNECTION_CLOSED.rawValue {
                throw AMQPError(
                    .authenticationFailed, operation: error.operation, serverReply: error.serverReply,
                    libraryStatus: error.libraryStatus, libraryMessage: error.libraryMessage)
            }
            throw error
        }
    }

    // MARK: - Polling

    /// The socket's file descriptor, for `poll(2)`.
    var socketDescriptor: Int32 { amqp_get_sockfd(self.state) }

    /// Whether rabbitmq-c already holds frames or bytes that `poll(2)` on the socket would not show.
    var hasBufferedInput: Bool {
        amqp_frames_enqueued(self.state) != 0 || amqp_data_in_buffer(self.state) != 0
    }

    /// Reads one frame if one is available, without waiting. Also sends a heartbeat when one is due and
    /// reports a dead peer (no traffic for two heartbeat intervals).
    ///
    /// - Returns: The decoded event, or `nil` when no complete frame is available.
    func nextEvent() throws(AMQPError) -> IncomingEvent? {
        var frame = amqp_frame_t()
        var noWait = passerelle_timeval(0, 0)
        let status = amqp_simple_wait_frame_noblock(self.state, &frame, &noWait)
        if status == AMQP_STATUS_TIMEOUT.rawValue {
            return nil
        }
        guard status == AMQP_STATUS_OK.rawValue else {
            throw Self.connectionError("read frame", status: status)
        }
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD), let decoded = frame.payload.method.decoded else {
            return .ignored
        }
        let channel = frame.channel
        switch frame.payload.method.id {
        case AMQPMethodID.basicDeliver:
            let deliver = decoded.assumingMemoryBound(to: amqp_basic_deliver_t.self).pointee
            var delivery = RawDelivery(
                channel: channel, consumerTag: CDecode.string(deliver.consumer_tag), deliveryTag: deliver.delivery_tag,
                redelivered: deliver.redelivered != 0, exchange: CDecode.string(deliver.exchange),
                routingKey: CDecode.string(deliver.routing_key), properties: AMQPProperties(deliveryMode: nil), body: [])
            try self.readContent(channel: channel, operation: "read delivery") { properties, body in
                delivery.properties = properties
                delivery.body = body
            }
            return .delivery(delivery)
        case AMQPMethodID.basicAck:
            let ack = decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            return .ack(channel: channel, deliveryTag: ack.delivery_tag, multiple: ack.multiple != 0)
        case AMQPMethodID.basicNack:
            let nack = decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            return .nack(channel: channel, deliveryTag: nack.delivery_tag, multiple: nack.multiple != 0)
        case AMQPMethodID.basicReturn:
            let ret = decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            let reply = AMQPError.ServerReply(code: Int(ret.reply_code), text: CDecode.string(ret.reply_text))
            var messageID: String?
            try self.readContent(channel: channel, operation: "read returned message") { properties, _ in
                messageID = properties.messageID
            }
            return .returned(channel: channel, reply: reply, messageID: messageID)
        case AMQPMethodID.channelClose:
            let close = decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            let reply = Self.reply(close)
            try self.sendChannelCloseOk(channel)
            return .channelClosed(channel: channel, reply: reply)
        case AMQPMethodID.connectionClose:
            let close = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            let reply = Self.reply(close)
            self.sendConnectionCloseOk()
            return .connectionClosed(reply: reply)
        case AMQPMethodID.basicCancel:
            let cancel = decoded.assumingMemoryBound(to: amqp_basic_cancel_t.self).pointee
            return .consumerCancelled(channel: channel, consumerTag: CDecode.string(cancel.consumer_tag))
        case AMQPMethodID.connectionBlocked:
            let blocked = decoded.assumingMemoryBound(to: amqp_connection_blocked_t.self).pointee
            return .blocked(reason: CDecode.string(blocked.reason))
        case AMQPMethodID.connectionUnblocked:
            return .unblocked
        default:
            return .ignored
        }
    }

    /// Frees the memory of frames already handed over. Call only when no decoded pointer is held.
    func releaseBuffers() {
        guard !self.destroyed else { return }
        amqp_maybe_release_buffers(self.state)
    }

    private func readContent(
        channel: UInt16,
        operation: String,
        _ body: (AMQPProperties, [UInt8]) -> Void
    ) throws(AMQPError) {
        var message = amqp_message_t()
        // amqp_read_message reads the content header and body frames that follow a content-bearing method.
        let reply = amqp_read_message(self.state, channel, &message, 0)
        try self.check(reply, operation, channel: channel)
        // rabbitmq-c: a message read with amqp_read_message must be freed with amqp_destroy_message.
        defer { amqp_destroy_message(&message) }
        body(AMQPProperties(message.properties), CDecode.bytes(message.body))
    }

    // MARK: - Channels

    /// Opens a channel.
    func openChannel(_ channel: UInt16) throws(AMQPError) {
        _ = amqp_channel_open(self.state, channel)
        try self.check(amqp_get_rpc_reply(self.state), "channel.open(\(channel))", channel: channel)
    }

    /// Closes a channel politely (waits for `channel.close-ok`).
    func closeChannel(_ channel: UInt16) throws(AMQPError) {
        let reply = amqp_channel_close(self.state, channel, Int32(AMQP_REPLY_SUCCESS))
        try self.check(reply, "channel.close(\(channel))", channel: channel)
    }

    /// Puts a channel in publisher-confirm mode.
    func confirmSelect(_ channel: UInt16) throws(AMQPError) {
        _ = amqp_confirm_select(self.state, channel)
        try self.check(amqp_get_rpc_reply(self.state), "confirm.select(\(channel))", channel: channel)
    }

    /// Sets the prefetch count for consumers on a channel.
    func qos(_ channel: UInt16, prefetch: UInt16) throws(AMQPError) {
        _ = amqp_basic_qos(self.state, channel, 0, prefetch, 0)
        try self.check(amqp_get_rpc_reply(self.state), "basic.qos(\(prefetch))", channel: channel)
    }

    // MARK: - Topology

    /// Declares (or with `passive`, checks) an exchange.
    func declareExchange(_ channel: UInt16, _ spec: AMQPExchangeSpec, passive: Bool) throws(AMQPError) {
        let arena = CArena()
        _ = amqp_exchange_declare(
            self.state, channel, arena.bytes(spec.name), arena.bytes(spec.type.rawValue), passive ? 1 : 0,
            spec.durable ? 1 : 0, spec.autoDelete ? 1 : 0, spec.internal ? 1 : 0, arena.table(spec.arguments))
        try self.check(amqp_get_rpc_reply(self.state), "exchange.declare(\(spec.name))", channel: channel)
    }

    /// Deletes an exchange.
    func deleteExchange(_ channel: UInt16, name: String, ifUnused: Bool) throws(AMQPError) {
        let arena = CArena()
        _ = amqp_exchange_delete(self.state, channel, arena.bytes(name), ifUnused ? 1 : 0)
        try self.check(amqp_get_rpc_reply(self.state), "exchange.delete(\(name))", channel: channel)
    }

    /// Declares (or with `passive`, checks) a queue.
    func declareQueue(_ channel: UInt16, _ spec: AMQPQueueSpec, passive: Bool) throws(AMQPError) -> AMQPQueueInfo {
        let arena = CArena()
        let ok = amqp_queue_declare(
            self.state, channel, arena.bytes(spec.name), passive ? 1 : 0, spec.durable ? 1 : 0,
            spec.exclusive ? 1 : 0, spec.autoDelete ? 1 : 0, arena.table(spec.arguments))
        try self.check(amqp_get_rpc_reply(self.state), "queue.declare(\(spec.name))", channel: channel)
        guard let ok else {
            throw AMQPError(.libraryFailure, operation: "queue.declare(\(spec.name))")
        }
        return AMQPQueueInfo(
            name: CDecode.string(ok.pointee.queue), messageCount: Int(ok.pointee.message_count),
            consumerCount: Int(ok.pointee.consumer_count))
    }

    /// Deletes a queue and returns how many messages it held.
    func deleteQueue(_ channel: UInt16, name: String, ifUnused: Bool, ifEmpty: Bool) throws(AMQPError) -> Int {
        let arena = CArena()
        let ok = amqp_queue_delete(self.state, channel, arena.bytes(name), ifUnused ? 1 : 0, ifEmpty ? 1 : 0)
        try self.check(amqp_get_rpc_reply(self.state), "queue.delete(\(name))", channel: channel)
        return Int(ok?.pointee.message_count ?? 0)
    }

    /// Removes every ready message from a queue and returns how many there were.
    func purgeQueue(_ channel: UInt16, name: String) throws(AMQPError) -> Int {
        let arena = CArena()
        let ok = amqp_queue_purge(self.state, channel, arena.bytes(name))
        try self.check(amqp_get_rpc_reply(self.state), "queue.purge(\(name))", channel: channel)
        return Int(ok?.pointee.message_count ?? 0)
    }

    /// What a binding's destination is.
    enum BindingTarget {
        case queue
        case exchange
    }

    /// Binds or unbinds a queue, or an exchange, to a source exchange.
    func bind(_ channel: UInt16, _ binding: AMQPBinding, target: BindingTarget, bind: Bool) throws(AMQPError) {
        let arena = CArena()
        let destination = arena.bytes(binding.destination)
        let source = arena.bytes(binding.source)
        let key = arena.bytes(binding.routingKey)
        let arguments = arena.table(binding.arguments)
        switch (target, bind) {
        case (.queue, true): _ = amqp_queue_bind(self.state, channel, destination, source, key, arguments)
        case (.queue, false): _ = amqp_queue_unbind(self.state, channel, destination, source, key, arguments)
        case (.exchange, true): _ = amqp_exchange_bind(self.state, channel, destination, source, key, arguments)
        case (.exchange, false): _ = amqp_exchange_unbind(self.state, channel, destination, source, key, arguments)
        }
        let operation = "\(target).\(bind ? "bind" : "unbind")(\(binding.destination) ← \(binding.source))"
        try self.check(amqp_get_rpc_reply(self.state), operation, channel: channel)
    }

    // MARK: - Publishing and consuming

    /// Writes a message to the socket. Success means only that the bytes were written (rabbitmq-c #362):
    /// the confirm comes later as `basic.ack`.
    func publish(_ channel: UInt16, _ message: AMQPOutboundMessage, properties: AMQPProperties) throws(AMQPError) {
        let arena = self.publishArena
        arena.reset()
        var props = properties.cProperties(in: arena)
        let exchange = arena.bytes(message.exchange)
        let key = arena.bytes(message.routingKey)
        let status = message.body.withUnsafeBytes { buffer in
            let body = amqp_bytes_t(len: buffer.count, bytes: UnsafeMutableRawPointer(mutating: buffer.baseAddress))
            return amqp_basic_publish(self.state, channel, exchange, key, message.mandatory ? 1 : 0, 0, &props, body)
        }
        guard status == AMQP_STATUS_OK.rawValue else {
            throw Self.connectionError("basic.publish", status: status)
        }
    }

    /// Holds back partial TCP segments while a run of publishes is written (`TCP_CORK`), so several messages
    /// share a segment: fewer packets for the kernel and fewer reads for the broker. Uncorking sends what
    /// is pending at once. rabbitmq-c sets `TCP_NODELAY`, which alone would push one segment per message.
    func setCorked(_ corked: Bool) {
        guard !self.destroyed else { return }
        var value: Int32 = corked ? 1 : 0
        _ = setsockopt(self.socketDescriptor, Int32(IPPROTO_TCP), TCP_CORK, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Starts a consumer and returns its tag.
    func consume(_ channel: UInt16, queue: String, tag: String, exclusive: Bool, arguments: AMQPTable) throws(AMQPError) -> String {
        let arena = CArena()
        let ok = amqp_basic_consume(
            self.state, channel, arena.bytes(queue), arena.bytes(tag), 0, 0, exclusive ? 1 : 0, arena.table(arguments))
        try self.check(amqp_get_rpc_reply(self.state), "basic.consume(\(queue))", channel: channel)
        return ok.map { CDecode.string($0.pointee.consumer_tag) } ?? tag
    }

    /// Stops a consumer.
    func cancel(_ channel: UInt16, tag: String) throws(AMQPError) {
        let arena = CArena()
        _ = amqp_basic_cancel(self.state, channel, arena.bytes(tag))
        try self.check(amqp_get_rpc_reply(self.state), "basic.cancel(\(tag))", channel: channel)
    }

    /// Sends `basic.ack`, `basic.nack` or `basic.reject`.
    func settle(_ channel: UInt16, deliveryTag: UInt64, _ settlement: DeliverySettlement) throws(AMQPError) {
        let status: Int32
        switch settlement {
        case .ack(let multiple):
            status = amqp_basic_ack(self.state, channel, deliveryTag, multiple ? 1 : 0)
        case .nack(let multiple, let requeue):
            status = amqp_basic_nack(self.state, channel, deliveryTag, multiple ? 1 : 0, requeue ? 1 : 0)
        case .reject(let requeue):
            status = amqp_basic_reject(self.state, channel, deliveryTag, requeue ? 1 : 0)
        }
        guard status == AMQP_STATUS_OK.rawValue else {
            throw Self.connectionError("basic.\(settlement.name)", status: status)
        }
    }

    // MARK: - Closing

    /// Closes the connection politely (best effort), then frees it.
    func close() {
        guard !self.destroyed else { return }
        _ = amqp_connection_close(self.state, Int32(AMQP_REPLY_SUCCESS))
        amqp_destroy_connection(self.state)
        self.destroyed = true
    }

    /// Frees the connection without a handshake (it is already broken).
    func abandon() {
        guard !self.destroyed else { return }
        amqp_destroy_connection(self.state)
        self.destroyed = true
    }

    // MARK: - Errors

    private func sendChannelCloseOk(_ channel: UInt16) throws(AMQPError) {
        var ok = amqp_channel_close_ok_t()
        let status = amqp_send_method(self.state, channel, AMQPMethodID.channelCloseOk, &ok)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw Self.connectionError("channel.close-ok", status: status)
        }
    }

    private func sendConnectionCloseOk() {
        var ok = amqp_connection_close_ok_t()
        // Best effort: the broker closes the socket right after.
        _ = amqp_send_method(self.state, 0, AMQPMethodID.connectionCloseOk, &ok)
    }

    /// Turns an RPC reply into success or a typed error, answering server closes as the protocol requires.
    private func check(_ reply: amqp_rpc_reply_t, _ operation: String, channel: UInt16) throws(AMQPError) {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            throw Self.connectionError(operation, status: reply.library_error)
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            guard let decoded = reply.reply.decoded else {
                throw AMQPError(.libraryFailure, operation: operation)
            }
            switch reply.reply.id {
            case AMQPMethodID.channelClose:
                let serverReply = Self.reply(decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee)
                try self.sendChannelCloseOk(channel)
                throw AMQPError(.channelClosed, operation: operation, serverReply: serverReply)
            case AMQPMethodID.connectionClose:
                let serverReply = Self.reply(decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee)
                self.sendConnectionCloseOk()
                throw AMQPError(.connectionClosedByServer, operation: operation, serverReply: serverReply)
            default:
                throw AMQPError(.libraryFailure, operation: operation)
            }
        default:
            throw AMQPError(.libraryFailure, operation: operation)
        }
    }

    private static func reply(_ close: amqp_channel_close_t) -> AMQPError.ServerReply {
        AMQPError.ServerReply(
            code: Int(close.reply_code), text: CDecode.string(close.reply_text), classID: Int(close.class_id),
            methodID: Int(close.method_id))
    }

    private static func reply(_ close: amqp_connection_close_t) -> AMQPError.ServerReply {
        AMQPError.ServerReply(
            code: Int(close.reply_code), text: CDecode.string(close.reply_text), classID: Int(close.class_id),
            methodID: Int(close.method_id))
    }

    static func isIPLiteral(_ host: String) -> Bool {
        host.contains(":") || (!host.isEmpty && host.allSatisfy { $0.isNumber || $0 == "." })
    }

    private static func isTLSStatus(_ status: Int32) -> Bool {
        status <= AMQP_STATUS_SSL_ERROR.rawValue && status > _AMQP_STATUS_SSL_NEXT_VALUE.rawValue
    }

    /// A library status during I/O: the connection is unusable.
    static func connectionError(_ operation: String, status: Int32) -> AMQPError {
        let code: AMQPError.Code
        if status == AMQP_STATUS_HEARTBEAT_TIMEOUT.rawValue {
            code = .heartbeatTimeout
        } else if status == AMQP_STATUS_TIMEOUT.rawValue {
            code = .timeout
        } else {
            code = .connectionLost
        }
        return self.error(code, operation, status: status)
    }

    static func error(_ code: AMQPError.Code, _ operation: String, status: Int32) -> AMQPError {
        AMQPError(code, operation: operation, libraryStatus: status, libraryMessage: String(cString: amqp_error_string2(status)))
    }
}

/// How a delivery is settled.
enum DeliverySettlement {
    case ack(multiple: Bool)
    case nack(multiple: Bool, requeue: Bool)
    case reject(requeue: Bool)

    var name: String {
        switch self {
        case .ack: return "ack"
        case .nack: return "nack"
        case .reject: return "reject"
        }
    }
}

/// Field tables on the wire, through rabbitmq-c's own encoder and decoder (used by tests and tools that
/// need the exact bytes a table becomes).
enum FieldTableWire {
    /// Encodes a table the way rabbitmq-c puts it in a frame (with its 4-byte length prefix).
    static func encode(_ table: AMQPTable) throws(AMQPError) -> [UInt8] {
        let arena = CArena()
        var input = arena.table(table)
        var capacity = 4096
        while true {
            var buffer = [UInt8](repeating: 0, count: capacity)
            var offset = 0
            let status = buffer.withUnsafeMutableBytes { raw in
                amqp_encode_table(amqp_bytes_t(len: raw.count, bytes: raw.baseAddress), &input, &offset)
            }
            if status == AMQP_STATUS_OK.rawValue {
                return Array(buffer[..<offset])
            }
            guard status == AMQP_STATUS_TABLE_TOO_BIG.rawValue, capacity < 64 << 20 else {
                throw RabbitConnection.error(.invalidArgument, "encode field table", status: status)
            }
            capacity *= 4
        }
    }

    /// Decodes bytes produced by ``encode(_:)`` (or read from a frame).
    static func decode(_ bytes: [UInt8]) throws(AMQPError) -> AMQPTable {
        var pool = amqp_pool_t()
        init_amqp_pool(&pool, 4096)
        // rabbitmq-c: everything decoded lives in the pool until empty_amqp_pool.
        defer { empty_amqp_pool(&pool) }
        var output = amqp_table_t()
        var offset = 0
        var input = bytes
        let status = input.withUnsafeMutableBytes { raw in
            amqp_decode_table(amqp_bytes_t(len: raw.count, bytes: raw.baseAddress), &pool, &output, &offset)
        }
        guard status == AMQP_STATUS_OK.rawValue else {
            throw RabbitConnection.error(.invalidArgument, "decode field table", status: status)
        }
        return CDecode.table(output)
    }
}

extension timeval {
    /// A `timeval` for a Swift duration.
    init(_ duration: Duration) {
        let parts = duration.components
        self = passerelle_timeval(Int(parts.seconds), Int(parts.attoseconds / 1_000_000_000_000))
    }
}
