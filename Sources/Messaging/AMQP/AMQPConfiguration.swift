/// Settings for connecting to an AMQP 0-9-1 broker such as RabbitMQ.
///
/// Build one in code with ``init(host:port:username:password:virtualHost:tls:)`` and adjust the other properties, or
/// parse a RabbitMQ-style URI with ``init(url:)``:
///
/// ```swift
/// let configuration = try AMQPConfiguration(url: "amqps://passerelle:secret@rabbit.internal/passerelle?heartbeat=15")
/// ```
///
/// The password is kept out of everything that may end up in a log: ``description``, ``debugDescription``,
/// ``redactedURL``, the mirror used by `dump(_:)` and every ``AMQPConfigurationError``.
///
/// Properties are not checked when they are set; call ``validate()`` after building a configuration in code.
/// ``init(url:)`` always returns a configuration that passes ``validate()``.
public struct AMQPConfiguration: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// TLS settings, used when connecting with `amqps://`.
    public struct TLS: Sendable, Hashable {
        /// Path of a PEM file with the certificate authorities to trust; `nil` uses the system trust store.
        ///
        /// ``verifyPeer`` applies either way.
        public var caFile: String?

        /// Path of the PEM client certificate presented to the broker, or `nil` for none.
        ///
        /// Must be set together with ``keyFile``.
        public var certFile: String?

        /// Path of the PEM private key of ``certFile``, or `nil` for none.
        ///
        /// Must be set together with ``certFile``.
        public var keyFile: String?

        /// Whether the broker's certificate chain is verified. Defaults to `true`.
        public var verifyPeer: Bool

        /// Whether the broker's certificate must match the expected host name. Defaults to `true`.
        ///
        /// The host name check is part of peer verification: it only happens when ``verifyPeer`` is `true`.
        public var verifyHostname: Bool

        /// The host name to send in SNI and to check the certificate against, when it differs from
        /// ``AMQPConfiguration/host`` (for example when connecting by IP address). `nil` uses the host.
        public var serverName: String?

        /// Creates TLS settings.
        ///
        /// - Parameters:
        ///   - caFile: Path of a PEM CA bundle, or `nil` for the system trust store.
        ///   - certFile: Path of the PEM client certificate, or `nil` for none.
        ///   - keyFile: Path of the PEM client key, or `nil` for none.
        ///   - verifyPeer: Whether the broker's certificate chain is verified.
        ///   - verifyHostname: Whether the broker's certificate must match the expected host name.
        ///   - serverName: The expected host name if it differs from the host connected to.
        public init(
            caFile: String? = nil,
            certFile: String? = nil,
            keyFile: String? = nil,
            verifyPeer: Bool = true,
            verifyHostname: Bool = true,
            serverName: String? = nil
        ) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.verifyPeer = verifyPeer
            self.verifyHostname = verifyHostname
            self.serverName = serverName
        }
    }

    /// The SASL mechanism used to authenticate.
    public enum AuthMechanism: String, Sendable, Hashable {
        /// User name and password.
        case plain = "PLAIN"
        /// The identity of the TLS client certificate (RabbitMQ's `rabbitmq_auth_mechanism_ssl` plugin).
        case external = "EXTERNAL"
    }

    /// The port used by `amqp://` when none is given: 5672.
    public static let defaultPort = 5672

    /// The port used by `amqps://` when none is given: 5671.
    public static let defaultTLSPort = 5671

    /// The heartbeat interval used when none is given: 30 seconds.
    public static let defaultHeartbeat: Duration = .seconds(30)

    /// The largest frame size proposed when none is given: 131 072 bytes (the RabbitMQ default).
    public static let defaultFrameMax = 131_072

    /// The largest channel number proposed when none is given: 2047 (the RabbitMQ default).
    public static let defaultChannelMax = 2047

    /// How long to wait for the connection to open when nothing else is given: 10 seconds.
    public static let defaultConnectionTimeout: Duration = .seconds(10)

    /// The broker's host name or IP address; IPv6 addresses are stored without brackets. Defaults to `"localhost"`.
    public var host: String

    /// The broker's TCP port. Defaults to 5672, or 5671 when ``tls`` is set.
    public var port: Int

    /// The user name to authenticate as. Defaults to `"guest"`.
    public var username: String

    /// The password to authenticate with. Defaults to `"guest"`. Never printed.
    public var password: String

    /// The virtual host to open. Defaults to `"/"`.
    public var virtualHost: String

    /// Whether every message published on this connection without a `user_id` gets ``username`` as its
    /// `user_id`, which RabbitMQ validates against the connection's user ("validated user-id"): the
    /// receiver then knows who sent it. Defaults to `true`. A `user_id` set by the caller is kept (the broker
    /// refuses it unless it is the connection's user or the user has the `impersonator` tag).
    public var stampsUserID = true

    /// The heartbeat interval proposed to the broker: a whole number of seconds between 1 and 65535.
    /// Defaults to 30 seconds.
    public var heartbeat: Duration

    /// The largest frame size proposed to the broker, in bytes: 4096 (the AMQP 0-9-1 minimum frame size) to
    /// 2 147 483 647. Defaults to 131 072.
    public var frameMax: Int

    /// The largest channel number proposed to the broker: 0 (no limit other than the broker's) to 65535.
    /// Defaults to 2047.
    public var channelMax: Int

    /// How long to wait for the connection to open: 1 millisecond to 2 147 483 647 milliseconds.
    /// Defaults to 10 seconds.
    public var connectionTimeout: Duration

    /// The client-provided connection name shown in the management UI, or `nil` for none.
    public var connectionName: String?

    /// The SASL mechanism used to authenticate. Defaults to ``AuthMechanism/plain``.
    ///
    /// ``AuthMechanism/external`` needs ``tls`` with a client certificate.
    public var authMechanism: AuthMechanism

    /// TLS settings: `nil` for a plain `amqp://` connection, non-`nil` for `amqps://`.
    public var tls: TLS?

    /// Creates a configuration; the properties not listed here take their defaults.
    ///
    /// - Parameters:
    ///   - host: The broker's host name or IP address (IPv6 without brackets).
    ///   - port: The broker's port, or `nil` for 5672 (5671 when `tls` is set).
    ///   - username: The user name to authenticate as.
    ///   - password: The password to authenticate with.
    ///   - virtualHost: The virtual host to open.
    ///   - tls: TLS settings, or `nil` for a plain connection.
    public init(
        host: String = "localhost",
        port: Int? = nil,
        username: String = "guest",
        password: String = "guest",
        virtualHost: String = "/",
        tls: TLS? = nil
    ) {
        self.host = host
        self.port = port ?? (tls == nil ? Self.defaultPort : Self.defaultTLSPort)
        self.username = username
        self.password = password
        self.virtualHost = virtualHost
        self.heartbeat = Self.defaultHeartbeat
        self.frameMax = Self.defaultFrameMax
        self.channelMax = Self.defaultChannelMax
        self.connectionTimeout = Self.defaultConnectionTimeout
        self.connectionName = nil
        self.authMechanism = .plain
        self.tls = tls
    }

    /// The configuration without its password, for logs: `AMQPConfiguration(<redactedURL>)`.
    public var description: String {
        "AMQPConfiguration(\(self.redactedURL))"
    }

    /// The same text as ``description``; the password is never included.
    public var debugDescription: String {
        self.description
    }

    /// A mirror that shows every property but replaces the password with `"***"`, so that `dump(_:)` and test
    /// failure output never reveal it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": self.host,
                "port": self.port,
                "username": self.username,
                "password": "***",
                "virtualHost": self.virtualHost,
                "heartbeat": self.heartbeat,
                "frameMax": self.frameMax,
                "channelMax": self.channelMax,
                "connectionTimeout": self.connectionTimeout,
                "connectionName": self.connectionName as Any,
                "authMechanism": self.authMechanism,
                "tls": self.tls as Any,
            ],
            displayStyle: .struct
        )
    }

    /// Checks every setting against the rules ``init(url:)`` enforces.
    ///
    /// Use it after building or changing a configuration in code. A configuration that passes can be written out as
    /// ``redactedURL`` and parsed back to the same settings (except the password, and the sub-millisecond part of
    /// ``connectionTimeout``).
    ///
    /// - Throws: ``AMQPConfigurationError`` naming the first setting that breaks a rule.
    public func validate() throws(AMQPConfigurationError) {
        guard Self.isValidHost(self.host) else {
            throw AMQPConfigurationError(
                code: .invalidHost,
                component: "host",
                message: "host must be a host name, an IPv4 address or an IPv6 address, got "
                    + AMQPConfigurationError.quoted(self.host)
            )
        }
        guard Limits.port.contains(self.port) else {
            throw Self.outOfRange(.invalidPort, "port", "an integer between 1 and 65535", got: "\(self.port)")
        }
        guard let heartbeatSeconds = Self.wholeSeconds(self.heartbeat), Limits.heartbeat.contains(heartbeatSeconds)
        else {
            throw Self.outOfRange(
                .invalidQueryParameter,
                "heartbeat",
                "a whole number of seconds between 1 and 65535",
                got: "\(self.heartbeat)"
            )
        }
        guard Limits.frameMax.contains(self.frameMax) else {
            throw Self.outOfRange(.invalidQueryParameter, "frame_max", Limits.frameMaxRule, got: "\(self.frameMax)")
        }
        guard Limits.channelMax.contains(self.channelMax) else {
            throw Self.outOfRange(
                .invalidQueryParameter,
                "channel_max",
                "an integer between 0 and 65535",
                got: "\(self.channelMax)"
            )
        }
        guard Self.connectionTimeoutMilliseconds(self.connectionTimeout).map(Limits.connectionTimeout.contains) == true
        else {
            throw Self.outOfRange(
                .invalidQueryParameter,
                "connection_timeout",
                "between 1 and 2147483647 milliseconds",
                got: "\(self.connectionTimeout)"
            )
        }
        if let connectionName = self.connectionName, connectionName.isEmpty {
            throw AMQPConfigurationError(
                code: .invalidQueryParameter,
                component: "connection_name",
                message: "connection_name must not be empty; leave it unset instead"
            )
        }
        if let tls = self.tls {
            try Self.validate(tls)
        }
        try Self.validateAuthMechanism(self.authMechanism, tls: self.tls)
    }
}

// MARK: - Rules shared by validate() and init(url:)

extension AMQPConfiguration {
    /// The accepted ranges of the numeric settings.
    enum Limits {
        /// TCP ports.
        static let port = 1...65535
        /// Heartbeat interval in seconds (AMQP negotiates it as an unsigned 16-bit number of seconds).
        static let heartbeat = 1...65535
        /// Largest frame size in bytes. 4096 is `frame-min-size` in the AMQP 0-9-1 specification; smaller values are
        /// refused rather than passed to the broker or the client library.
        static let frameMax = 4096...Int(Int32.max)
        /// The rule for ``frameMax``, as written in error messages.
        static let frameMaxRule = "an integer between 4096 (the AMQP minimum frame size) and 2147483647"
        /// Largest channel number (AMQP negotiates it as an unsigned 16-bit number; 0 means no limit).
        static let channelMax = 0...65535
        /// Connection timeout in milliseconds.
        static let connectionTimeout = 1...Int(Int32.max)
    }

    /// Makes the error for a numeric setting that is out of range or not a number.
    ///
    /// - Parameters:
    ///   - code: The error code.
    ///   - component: The setting's name.
    ///   - rule: What the value must be, completing "<component> must be …".
    ///   - got: The offending value, already formatted; it is quoted and escaped here.
    /// - Returns: The error.
    static func outOfRange(
        _ code: AMQPConfigurationError.Code,
        _ component: String,
        _ rule: String,
        got: some StringProtocol
    ) -> AMQPConfigurationError {
        AMQPConfigurationError(
            code: code,
            component: component,
            message: "\(component) must be \(rule), got \(AMQPConfigurationError.quoted(got))"
        )
    }

    /// Returns the number of seconds in a duration if it is a whole number of seconds that fits an `Int`.
    ///
    /// - Parameter duration: The duration to convert.
    /// - Returns: The whole seconds, or `nil` if there is a fractional part.
    static func wholeSeconds(_ duration: Duration) -> Int? {
        let (seconds, attoseconds) = duration.components
        guard attoseconds == 0 else {
            return nil
        }
        return Int(exactly: seconds)
    }

    /// Returns a duration in whole milliseconds, truncating anything smaller.
    ///
    /// - Parameter duration: The duration to convert.
    /// - Returns: The milliseconds, or `nil` if they do not fit an `Int`.
    static func connectionTimeoutMilliseconds(_ duration: Duration) -> Int? {
        let (seconds, attoseconds) = duration.components
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else {
            return nil
        }
        return Int(exactly: milliseconds + attoseconds / 1_000_000_000_000_000)
    }

    /// Checks the TLS settings: certificate and key come together, paths are not empty and the server name is a
    /// host name.
    ///
    /// - Parameter tls: The settings to check.
    /// - Throws: ``AMQPConfigurationError`` naming the offending setting by its URI query parameter name.
    static func validate(_ tls: TLS) throws(AMQPConfigurationError) {
        for (name, path) in [("cacertfile", tls.caFile), ("certfile", tls.certFile), ("keyfile", tls.keyFile)] {
            if let path, path.isEmpty {
                throw AMQPConfigurationError(
                    code: .invalidQueryParameter,
                    component: name,
                    message: "\(name) must be a file path, got an empty value"
                )
            }
        }
        switch (tls.certFile, tls.keyFile) {
        case (.some, nil):
            throw AMQPConfigurationError(
                code: .conflictingOptions,
                component: "certfile",
                message: "certfile is given without keyfile; a client certificate needs its private key"
            )
        case (nil, .some):
            throw AMQPConfigurationError(
                code: .conflictingOptions,
                component: "keyfile",
                message: "keyfile is given without certfile; a client key needs its certificate"
            )
        default:
            break
        }
        if let serverName = tls.serverName, !Self.isValidHostName(serverName) {
            throw AMQPConfigurationError(
                code: .invalidQueryParameter,
                component: "server_name_indication",
                message: "server_name_indication must be a DNS host name, got "
                    + AMQPConfigurationError.quoted(serverName)
            )
        }
    }

    /// Checks that the authentication mechanism can work with the TLS settings: `EXTERNAL` authenticates with the
    /// TLS client certificate, so it needs `amqps://` with `certfile` and `keyfile`.
    ///
    /// - Parameters:
    ///   - mechanism: The mechanism to check.
    ///   - tls: The TLS settings, or `nil` for a plain connection.
    /// - Throws: ``AMQPConfigurationError`` with code ``AMQPConfigurationError/Code/conflictingOptions``.
    static func validateAuthMechanism(_ mechanism: AuthMechanism, tls: TLS?) throws(AMQPConfigurationError) {
        guard mechanism == .external else {
            return
        }
        guard let tls else {
            throw AMQPConfigurationError(
                code: .conflictingOptions,
                component: "auth_mechanism",
                message: "auth_mechanism external authenticates with a TLS client certificate and needs an amqps:// URL"
            )
        }
        guard tls.certFile != nil else {
            throw AMQPConfigurationError(
                code: .conflictingOptions,
                component: "auth_mechanism",
                message: "auth_mechanism external authenticates with a TLS client certificate and needs certfile and "
                    + "keyfile"
            )
        }
    }

    /// Tells whether a host, as stored in ``host`` (IPv6 without brackets), is a host name, an IPv4 address or an
    /// IPv6 address.
    ///
    /// - Parameter host: The host to check.
    /// - Returns: `true` when the host is acceptable.
    static func isValidHost(_ host: some StringProtocol) -> Bool {
        host.contains(":") ? Self.isValidIPv6Address(host) : Self.isValidHostName(host)
    }

    /// Tells whether text is a plausible DNS host name or IPv4 address: dot-separated labels of 1 to 63 ASCII letters,
    /// digits, hyphens or underscores, 253 characters at most, with an optional final dot.
    ///
    /// - Parameter name: The text to check.
    /// - Returns: `true` when the text is acceptable.
    static func isValidHostName(_ name: some StringProtocol) -> Bool {
        var utf8 = Substring(name).utf8[...]
        if utf8.last == UInt8(ascii: ".") {
            utf8 = utf8.dropLast()
        }
        guard !utf8.isEmpty, utf8.count <= 253 else {
            return false
        }
        return utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.count)
                && label.allSatisfy { byte in
                    Self.isASCIIAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                }
        }
    }

    /// Tells whether text is an IPv6 address in RFC 4291 text form (without brackets or zone), including the
    /// `::` shorthand and a trailing dotted IPv4 part.
    ///
    /// - Parameter address: The text to check.
    /// - Returns: `true` when the text is a valid IPv6 address.
    static func isValidIPv6Address(_ address: some StringProtocol) -> Bool {
        let text = Substring(address)
        let halves = text.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        guard halves.count <= 2 else {
            return false
        }
        var groupCount = 0
        for (halfIndex, half) in halves.enumerated() {
            guard !half.isEmpty else {
                continue
            }
            let groups = half.split(separator: ":", omittingEmptySubsequences: false)
            for (groupIndex, group) in groups.enumerated() {
                let isLastGroup = halfIndex == halves.count - 1 && groupIndex == groups.count - 1
                if isLastGroup, group.contains(".") {
                    let octets = group.split(separator: ".", omittingEmptySubsequences: false)
                    let isIPv4 = octets.count == 4
                        && octets.allSatisfy { octet in
                            (1...3).contains(octet.count) && octet.utf8.allSatisfy(Self.isASCIIDigit)
                                && Int(octet).map { $0 <= 255 } == true
                        }
                    guard isIPv4 else {
                        return false
                    }
                    groupCount += 2
                } else {
                    guard (1...4).contains(group.count), group.utf8.allSatisfy(Self.isASCIIHexDigit) else {
                        return false
                    }
                    groupCount += 1
                }
            }
        }
        return halves.count == 2 ? groupCount <= 7 : groupCount == 8
    }

    /// Tells whether a byte is an ASCII digit.
    ///
    /// - Parameter byte: The byte to classify.
    /// - Returns: `true` for `0` to `9`.
    static func isASCIIDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Tells whether a byte is an ASCII letter or digit.
    ///
    /// - Parameter byte: The byte to classify.
    /// - Returns: `true` for `A`-`Z`, `a`-`z` and `0`-`9`.
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        Self.isASCIIDigit(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    /// Tells whether a byte is an ASCII hexadecimal digit.
    ///
    /// - Parameter byte: The byte to classify.
    /// - Returns: `true` for `0`-`9`, `A`-`F` and `a`-`f`.
    static func isASCIIHexDigit(_ byte: UInt8) -> Bool {
        Self.isASCIIDigit(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
