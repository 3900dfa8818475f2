// Parsing and printing of RabbitMQ-style AMQP URIs.
//
// Follows https://www.rabbitmq.com/docs/uri-spec and https://www.rabbitmq.com/docs/uri-query-parameters, with these
// deliberate choices:
// - An absent path and the path "/" both select the default virtual host "/" (as pika and amqp091-go do); the spec
//   reads "/" as the empty virtual host name "", which RabbitMQ does not accept anyway. "/%2F" also selects "/".
// - A "/" inside the virtual host must be written %2F: "/a/b" is refused instead of being guessed at.
// - The user information runs up to the last "@" in the URL, so a password with an un-encoded "/", "?" or "#" is
//   reported as a password problem (without echoing it) rather than being split into host, path or query. The
//   flip side is that an "@" after the host (in the virtual host or a query value) must be written %40.
// - "+" in a query value is a literal plus sign, not a space.
// - An empty port ("host:") is refused; a missing or empty host means "localhost".

extension AMQPConfiguration {
    /// Parses a RabbitMQ-style AMQP URI.
    ///
    /// The form is `amqp://[user[:password]@]host[:port][/vhost][?query]`, or `amqps://…` for TLS. The scheme is
    /// case-insensitive; user, password, virtual host and query values are percent-decoded. Missing parts take the
    /// defaults of ``init(host:port:username:password:virtualHost:tls:)``: host `localhost`, port 5672 (5671 for
    /// `amqps`), user and password `guest`, virtual host `/`. IPv6 addresses are written in brackets, `[::1]`.
    ///
    /// The virtual host is a single path segment: no path or `/` selects `/`, `/%2F` selects `/`, `/passerelle`
    /// selects `passerelle`, and a "/" inside a name must be written `%2F`.
    ///
    /// Query parameters:
    /// - `heartbeat`: seconds, 1 to 65535.
    /// - `frame_max`: bytes, 4096 to 2147483647.
    /// - `channel_max`: 0 to 65535.
    /// - `connection_timeout`: milliseconds, 1 to 2147483647.
    /// - `connection_name`: the name shown in the management UI.
    /// - `auth_mechanism`: `plain` or `external` (any case); `external` needs `amqps` with `certfile`/`keyfile`.
    /// - `amqps` only: `cacertfile`, `certfile` and `keyfile` (paths; certificate and key go together),
    ///   `verify` (`verify_peer` or `verify_none`), `verify_hostname` (`true` or `false`) and
    ///   `server_name_indication` (a host name).
    ///
    /// Each parameter may appear once. The result always passes ``validate()``.
    ///
    /// - Parameter url: The URI to parse.
    /// - Throws: ``AMQPConfigurationError`` naming the offending part. The error never contains the password.
    public init(url: String) throws(AMQPConfigurationError) {
        self = try URIParser.parse(url)
    }

    /// The configuration as a canonical URI with the password replaced by `***`, for logs and diagnostics.
    ///
    /// It always spells out the scheme, user name, host, port, virtual host and `heartbeat`, and adds every other
    /// query parameter whose value is not the default, in a fixed order, for example
    /// `amqp://guest:***@localhost:5672/%2F?heartbeat=30`.
    ///
    /// For a configuration that passes ``validate()``, `AMQPConfiguration(url: redactedURL)` gives the same
    /// configuration except that the password is `***` (and an empty virtual host name, which this URI form
    /// cannot express, comes back as `/`).
    public var redactedURL: String {
        var url = self.tls == nil ? "amqp://" : "amqps://"
        url += URIParser.percentEncoded(self.username) + ":***@"
        url += self.host.contains(":") ? "[\(self.host)]" : URIParser.percentEncoded(self.host)
        url += ":\(self.port)/" + URIParser.percentEncoded(self.virtualHost)

        var query: [(name: URIParser.Parameter, value: String)] = [
            (.heartbeat, "\(self.heartbeat.components.seconds)")
        ]
        if self.frameMax != Self.defaultFrameMax {
            query.append((.frameMax, "\(self.frameMax)"))
        }
        if self.channelMax != Self.defaultChannelMax {
            query.append((.channelMax, "\(self.channelMax)"))
        }
        if self.connectionTimeout != Self.defaultConnectionTimeout {
            let milliseconds = Self.connectionTimeoutMilliseconds(self.connectionTimeout) ?? Int.max
            query.append((.connectionTimeout, "\(milliseconds)"))
        }
        if let connectionName = self.connectionName {
            query.append((.connectionName, connectionName))
        }
        if self.authMechanism != .plain {
            query.append((.authMechanism, self.authMechanism.rawValue.lowercased()))
        }
        if let tls = self.tls {
            let defaults = TLS()
            if let caFile = tls.caFile {
                query.append((.caCertFile, caFile))
            }
            if let certFile = tls.certFile {
                query.append((.certFile, certFile))
            }
            if let keyFile = tls.keyFile {
                query.append((.keyFile, keyFile))
            }
            if tls.verifyPeer != defaults.verifyPeer {
                query.append((.verify, tls.verifyPeer ? "verify_peer" : "verify_none"))
            }
            if tls.verifyHostname != defaults.verifyHostname {
                query.append((.verifyHostname, tls.verifyHostname ? "true" : "false"))
            }
            if let serverName = tls.serverName {
                query.append((.serverNameIndication, serverName))
            }
        }
        let items = query.map { item in
            "\(item.name.rawValue)=\(URIParser.percentEncoded(item.value, keeping: URIParser.queryValueExtras))"
        }
        return url + "?" + items.joined(separator: "&")
    }
}

extension AMQPConfiguration {
    /// Parses AMQP URIs into configurations and provides the percent-encoding used to print them back.
    fileprivate enum URIParser {
        /// The query parameters this client understands, by their URI names.
        enum Parameter: String, CaseIterable {
            case heartbeat
            case frameMax = "frame_max"
            case channelMax = "channel_max"
            case connectionTimeout = "connection_timeout"
            case connectionName = "connection_name"
            case authMechanism = "auth_mechanism"
            case caCertFile = "cacertfile"
            case certFile = "certfile"
            case keyFile = "keyfile"
            case verify
            case verifyHostname = "verify_hostname"
            case serverNameIndication = "server_name_indication"

            /// Whether the parameter configures TLS and so only applies to `amqps://`.
            var isTLS: Bool {
                switch self {
                case .caCertFile, .certFile, .keyFile, .verify, .verifyHostname, .serverNameIndication:
                    return true
                case .heartbeat, .frameMax, .channelMax, .connectionTimeout, .connectionName, .authMechanism:
                    return false
                }
            }
        }

        /// The characters besides the unreserved ones that are printed as-is in query values.
        static let queryValueExtras: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: ":")]

        /// Parses a whole URI.
        ///
        /// - Parameter url: The URI.
        /// - Returns: The configuration, which passes ``AMQPConfiguration/validate()``.
        /// - Throws: ``AMQPConfigurationError`` naming the offending part.
        static func parse(_ url: String) throws(AMQPConfigurationError) -> AMQPConfiguration {
            let (isTLS, rest) = try Self.parseScheme(url)
            var configuration = AMQPConfiguration(tls: isTLS ? TLS() : nil)

            // The user information ends at the last "@", so that a password containing an un-encoded "/", "?" or
            // "#" is reported as such instead of leaking into the host, path or query (and their error messages).
            var afterUserInfo = rest
            if let at = rest.lastIndex(of: "@") {
                try Self.parseUserInfo(rest[..<at], into: &configuration)
                afterUserInfo = rest[rest.index(after: at)...]
            }

            let authorityEnd = afterUserInfo.firstIndex { $0 == "/" || $0 == "?" } ?? afterUserInfo.endIndex
            try Self.parseHostAndPort(afterUserInfo[..<authorityEnd], into: &configuration)

            let pathAndQuery = afterUserInfo[authorityEnd...]
            let queryStart = pathAndQuery.firstIndex(of: "?")
            let path = pathAndQuery[..<(queryStart ?? pathAndQuery.endIndex)]
            configuration.virtualHost = try Self.parseVirtualHost(path)
            if let queryStart {
                try Self.parseQuery(pathAndQuery[pathAndQuery.index(after: queryStart)...], into: &configuration)
            }

            try configuration.validate()
            return configuration
        }

        /// Reads the scheme.
        ///
        /// - Parameter url: The URI.
        /// - Returns: Whether the scheme is `amqps`, and the text after `://`.
        /// - Throws: ``AMQPConfigurationError`` with code `invalidScheme`.
        static func parseScheme(_ url: String) throws(AMQPConfigurationError) -> (isTLS: Bool, rest: Substring) {
            guard let separator = url.firstRange(of: "://") else {
                throw AMQPConfigurationError(
                    code: .invalidScheme,
                    component: "scheme",
                    message: "scheme must be amqp or amqps: the URL must start with amqp:// or amqps://"
                )
            }
            let scheme = url[..<separator.lowerBound]
            switch scheme.lowercased() {
            case "amqp":
                return (false, url[separator.upperBound...])
            case "amqps":
                return (true, url[separator.upperBound...])
            default:
                // Only echo text that has the syntax of a scheme, so that nothing else from the URL is shown.
                let shown = Self.hasSchemeSyntax(scheme) ? ", got " + AMQPConfigurationError.quoted(scheme) : ""
                throw AMQPConfigurationError(
                    code: .invalidScheme,
                    component: "scheme",
                    message: "scheme must be amqp or amqps\(shown)"
                )
            }
        }

        /// Reads the user name and, if present, the password.
        ///
        /// - Parameters:
        ///   - userInfo: The text before the last "@".
        ///   - configuration: Receives the user name and password.
        /// - Throws: ``AMQPConfigurationError`` with code `invalidUserInfo` and component `user` or `password`.
        static func parseUserInfo(
            _ userInfo: Substring,
            into configuration: inout AMQPConfiguration
        ) throws(AMQPConfigurationError) {
            let colon = userInfo.firstIndex(of: ":")
            configuration.username = try Self.decodeUserInfo(
                userInfo[..<(colon ?? userInfo.endIndex)],
                component: "user",
                name: "user name",
                allowsColon: false
            )
            if let colon {
                configuration.password = try Self.decodeUserInfo(
                    userInfo[userInfo.index(after: colon)...],
                    component: "password",
                    name: "password",
                    allowsColon: true
                )
            }
        }

        /// Checks and percent-decodes a user name or password. The error never quotes the text.
        ///
        /// - Parameters:
        ///   - raw: The encoded text.
        ///   - component: The error component, `user` or `password`.
        ///   - name: How the message calls the part.
        ///   - allowsColon: Whether an un-encoded ":" is accepted (in the password only).
        /// - Returns: The decoded text.
        /// - Throws: ``AMQPConfigurationError`` with code `invalidUserInfo`.
        static func decodeUserInfo(
            _ raw: Substring,
            component: String,
            name: String,
            allowsColon: Bool
        ) throws(AMQPConfigurationError) -> String {
            let isAllowed = raw.utf8.allSatisfy { byte in
                Self.isUnreserved(byte) || Self.isSubDelimiter(byte) || byte == UInt8(ascii: "%")
                    || (allowsColon && byte == UInt8(ascii: ":"))
            }
            guard isAllowed else {
                throw AMQPConfigurationError(
                    code: .invalidUserInfo,
                    component: component,
                    message: "the \(name) contains a character that must be percent-encoded (\"@\" as %40, \"/\" as "
                        + "%2F, \"?\" as %3F, \"#\" as %23, a space as %20); an \"@\" after the host must be written "
                        + "%40 too"
                )
            }
            guard let decoded = Self.percentDecoded(raw) else {
                throw AMQPConfigurationError(
                    code: .invalidUserInfo,
                    component: component,
                    message: "the \(name) has invalid percent-encoding: \"%\" must be followed by two hexadecimal "
                        + "digits and the decoded bytes must be UTF-8"
                )
            }
            return decoded
        }

        /// Reads the host and the optional port.
        ///
        /// - Parameters:
        ///   - authority: The text between the user information and the path or query.
        ///   - configuration: Receives the host and port; they keep their defaults when absent.
        /// - Throws: ``AMQPConfigurationError`` with code `invalidHost` or `invalidPort`.
        static func parseHostAndPort(
            _ authority: Substring,
            into configuration: inout AMQPConfiguration
        ) throws(AMQPConfigurationError) {
            var port: Substring?
            if authority.first == "[" {
                guard let close = authority.firstIndex(of: "]") else {
                    throw Self.hostError(
                        "host is an IPv6 address without its closing \"]\", got \(Self.quoted(authority))"
                    )
                }
                let literal = authority[authority.index(after: authority.startIndex)..<close]
                guard AMQPConfiguration.isValidIPv6Address(literal) else {
                    throw Self.hostError("host must be a valid IPv6 address inside [ ], got \(Self.quoted(literal))")
                }
                let afterClose = authority[authority.index(after: close)...]
                if let first = afterClose.first {
                    guard first == ":" else {
                        throw Self.hostError(
                            "host in brackets may only be followed by \":port\", got \(Self.quoted(authority))"
                        )
                    }
                    port = afterClose.dropFirst()
                }
                configuration.host = String(literal)
            } else {
                var host = authority
                if let colon = authority.lastIndex(of: ":") {
                    host = authority[..<colon]
                    port = authority[authority.index(after: colon)...]
                }
                guard !host.contains(":") else {
                    throw Self.hostError(
                        "host looks like an IPv6 address, which must be written in brackets as in "
                            + "amqp://[::1]:5672, got \(Self.quoted(authority))"
                    )
                }
                // An empty host means the default, "localhost" (RabbitMQ URI spec).
                if !host.isEmpty {
                    guard let decoded = Self.percentDecoded(host), AMQPConfiguration.isValidHostName(decoded) else {
                        throw Self.hostError(
                            "host must be a host name or IPv4 address made of letters, digits, \"-\", \"_\" and "
                                + "\".\", got \(Self.quoted(host))"
                        )
                    }
                    configuration.host = decoded
                }
            }
            if let port {
                guard let number = Self.parseInteger(port), Limits.port.contains(number) else {
                    throw AMQPConfiguration.outOfRange(
                        .invalidPort,
                        "port",
                        "an integer between 1 and 65535",
                        got: port
                    )
                }
                configuration.port = number
            }
        }

        /// Makes an `invalidHost` error.
        ///
        /// - Parameter message: The message.
        /// - Returns: The error.
        static func hostError(_ message: String) -> AMQPConfigurationError {
            AMQPConfigurationError(code: .invalidHost, component: "host", message: message)
        }

        /// Reads the virtual host from the path.
        ///
        /// - Parameter path: The path: empty or starting with "/".
        /// - Returns: The decoded virtual host name.
        /// - Throws: ``AMQPConfigurationError`` with code `invalidVirtualHost`.
        static func parseVirtualHost(_ path: Substring) throws(AMQPConfigurationError) -> String {
            guard path.count > 1 else {
                return "/"
            }
            let segment = path.dropFirst()
            guard !segment.contains("/") else {
                throw Self.virtualHostError(
                    "vhost must be a single path segment; write a \"/\" inside the name as %2F (for example "
                        + "/a%2Fb), got \(Self.quoted(segment))"
                )
            }
            let isAllowed = segment.utf8.allSatisfy { byte in
                Self.isUnreserved(byte) || Self.isSubDelimiter(byte) || byte == UInt8(ascii: "%")
                    || byte == UInt8(ascii: ":")
            }
            guard isAllowed else {
                throw Self.virtualHostError(
                    "vhost contains a character that must be percent-encoded, got \(Self.quoted(segment))"
                )
            }
            guard let decoded = Self.percentDecoded(segment) else {
                throw Self.virtualHostError(
                    "vhost has invalid percent-encoding: \"%\" must be followed by two hexadecimal digits and the "
                        + "decoded bytes must be UTF-8, got \(Self.quoted(segment))"
                )
            }
            return decoded
        }

        /// Makes an `invalidVirtualHost` error.
        ///
        /// - Parameter message: The message.
        /// - Returns: The error.
        static func virtualHostError(_ message: String) -> AMQPConfigurationError {
            AMQPConfigurationError(code: .invalidVirtualHost, component: "vhost", message: message)
        }

        /// Reads the query parameters.
        ///
        /// - Parameters:
        ///   - query: The text after "?".
        ///   - configuration: Receives the settings.
        /// - Throws: ``AMQPConfigurationError`` with code `invalidQueryParameter`, `unknownQueryParameter` or
        ///   `conflictingOptions`.
        static func parseQuery(
            _ query: Substring,
            into configuration: inout AMQPConfiguration
        ) throws(AMQPConfigurationError) {
            var seen: Set<Parameter> = []
            for item in query.split(separator: "&") {
                let equals = item.firstIndex(of: "=")
                let rawName = item[..<(equals ?? item.endIndex)]
                guard let name = Self.percentDecoded(rawName) else {
                    throw AMQPConfigurationError(
                        code: .invalidQueryParameter,
                        component: "query",
                        message: "a query parameter name has invalid percent-encoding, got \(Self.quoted(rawName))"
                    )
                }
                guard let parameter = Parameter(rawValue: name) else {
                    let supported = Parameter.allCases.map(\.rawValue).joined(separator: ", ")
                    throw AMQPConfigurationError(
                        code: .unknownQueryParameter,
                        component: AMQPConfigurationError.escaped(name),
                        message: "unknown query parameter \(AMQPConfigurationError.quoted(name)); supported "
                            + "parameters are \(supported)"
                    )
                }
                guard seen.insert(parameter).inserted else {
                    throw Self.parameterError(parameter, "\(name) must be given at most once")
                }
                guard let equals else {
                    throw Self.parameterError(parameter, "\(name) needs a value, as in \(name)=value")
                }
                if parameter.isTLS && configuration.tls == nil {
                    throw AMQPConfigurationError(
                        code: .conflictingOptions,
                        component: name,
                        message: "\(name) is a TLS setting and only applies to amqps:// URLs"
                    )
                }
                let rawValue = item[item.index(after: equals)...]
                let isAllowed = rawValue.utf8.allSatisfy { byte in
                    Self.isUnreserved(byte) || Self.isSubDelimiter(byte) || byte == UInt8(ascii: "%")
                        || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?")
                }
                guard isAllowed else {
                    throw Self.parameterError(
                        parameter,
                        "the value of \(name) contains a character that must be percent-encoded"
                    )
                }
                guard let value = Self.percentDecoded(rawValue) else {
                    throw Self.parameterError(
                        parameter,
                        "the value of \(name) has invalid percent-encoding: \"%\" must be followed by two "
                            + "hexadecimal digits and the decoded bytes must be UTF-8"
                    )
                }
                try Self.apply(parameter, value: value, to: &configuration)
            }
        }

        /// Applies one decoded query parameter.
        ///
        /// - Parameters:
        ///   - parameter: The parameter.
        ///   - value: Its decoded value.
        ///   - configuration: Receives the setting; its ``AMQPConfiguration/tls`` is non-`nil` for TLS parameters.
        /// - Throws: ``AMQPConfigurationError`` with code `invalidQueryParameter` when the value breaks the rule.
        static func apply(
            _ parameter: Parameter,
            value: String,
            to configuration: inout AMQPConfiguration
        ) throws(AMQPConfigurationError) {
            let name = parameter.rawValue
            switch parameter {
            case .heartbeat:
                let seconds = try Self.integer(value, in: Limits.heartbeat, parameter, "an integer number of seconds")
                configuration.heartbeat = .seconds(seconds)
            case .frameMax:
                guard let bytes = Self.parseInteger(value), Limits.frameMax.contains(bytes) else {
                    throw AMQPConfiguration.outOfRange(.invalidQueryParameter, name, Limits.frameMaxRule, got: value)
                }
                configuration.frameMax = bytes
            case .channelMax:
                configuration.channelMax = try Self.integer(value, in: Limits.channelMax, parameter, "an integer")
            case .connectionTimeout:
                let milliseconds = try Self.integer(
                    value,
                    in: Limits.connectionTimeout,
                    parameter,
                    "an integer number of milliseconds"
                )
                configuration.connectionTimeout = .milliseconds(milliseconds)
            case .connectionName:
                guard !value.isEmpty else {
                    throw Self.parameterError(parameter, "connection_name must not be empty")
                }
                configuration.connectionName = value
            case .authMechanism:
                switch value.lowercased() {
                case "plain":
                    configuration.authMechanism = .plain
                case "external":
                    configuration.authMechanism = .external
                default:
                    throw Self.parameterError(
                        parameter,
                        "auth_mechanism must be plain or external, got \(Self.quoted(value))"
                    )
                }
            case .caCertFile, .certFile, .keyFile:
                guard !value.isEmpty else {
                    throw Self.parameterError(parameter, "\(name) must be a file path, got an empty value")
                }
                switch parameter {
                case .caCertFile:
                    configuration.tls?.caFile = value
                case .certFile:
                    configuration.tls?.certFile = value
                default:
                    configuration.tls?.keyFile = value
                }
            case .verify:
                switch value.lowercased() {
                case "verify_peer":
                    configuration.tls?.verifyPeer = true
                case "verify_none":
                    configuration.tls?.verifyPeer = false
                default:
                    throw Self.parameterError(
                        parameter,
                        "verify must be verify_peer or verify_none, got \(Self.quoted(value))"
                    )
                }
            case .verifyHostname:
                switch value.lowercased() {
                case "true":
                    configuration.tls?.verifyHostname = true
                case "false":
                    configuration.tls?.verifyHostname = false
                default:
                    throw Self.parameterError(
                        parameter,
                        "verify_hostname must be true or false, got \(Self.quoted(value))"
                    )
                }
            case .serverNameIndication:
                guard AMQPConfiguration.isValidHostName(value) else {
                    throw Self.parameterError(
                        parameter,
                        "server_name_indication must be a DNS host name, got \(Self.quoted(value))"
                    )
                }
                configuration.tls?.serverName = value
            }
        }

        /// Parses a decimal integer query value and checks its range.
        ///
        /// - Parameters:
        ///   - value: The decoded value.
        ///   - range: The accepted range.
        ///   - parameter: The parameter, for the error.
        ///   - kind: What the value is, for example "an integer number of seconds".
        /// - Returns: The integer.
        /// - Throws: ``AMQPConfigurationError`` with code `invalidQueryParameter`.
        static func integer(
            _ value: String,
            in range: ClosedRange<Int>,
            _ parameter: Parameter,
            _ kind: String
        ) throws(AMQPConfigurationError) -> Int {
            guard let number = Self.parseInteger(value), range.contains(number) else {
                throw AMQPConfiguration.outOfRange(
                    .invalidQueryParameter,
                    parameter.rawValue,
                    "\(kind) between \(range.lowerBound) and \(range.upperBound)",
                    got: value
                )
            }
            return number
        }

        /// Makes an `invalidQueryParameter` error for a parameter.
        ///
        /// - Parameters:
        ///   - parameter: The parameter, used as the component.
        ///   - message: The message.
        /// - Returns: The error.
        static func parameterError(_ parameter: Parameter, _ message: String) -> AMQPConfigurationError {
            AMQPConfigurationError(code: .invalidQueryParameter, component: parameter.rawValue, message: message)
        }

        /// Quotes input for an error message; see ``AMQPConfigurationError/quoted(_:)``.
        ///
        /// - Parameter text: Input that cannot contain the password.
        /// - Returns: The quoted, escaped text.
        static func quoted(_ text: some StringProtocol) -> String {
            AMQPConfigurationError.quoted(text)
        }

        /// Parses a non-negative decimal integer made only of ASCII digits (no sign, no spaces).
        ///
        /// - Parameter text: The text.
        /// - Returns: The integer, or `nil` if the text is empty, not all digits, or too large.
        static func parseInteger(_ text: some StringProtocol) -> Int? {
            guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy(AMQPConfiguration.isASCIIDigit) else {
                return nil
            }
            return Int(text)
        }

        /// Tells whether text has the syntax of a URI scheme (RFC 3986): a letter, then letters, digits, "+", "-"
        /// or ".", at most 32 characters.
        ///
        /// - Parameter text: The text.
        /// - Returns: `true` when the text looks like a scheme.
        static func hasSchemeSyntax(_ text: Substring) -> Bool {
            guard let first = text.utf8.first, text.utf8.count <= 32,
                AMQPConfiguration.isASCIIAlphanumeric(first), !AMQPConfiguration.isASCIIDigit(first)
            else {
                return false
            }
            return text.utf8.allSatisfy { byte in
                AMQPConfiguration.isASCIIAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ".")
            }
        }

        /// Tells whether a byte is an RFC 3986 unreserved character: a letter, a digit, "-", ".", "_" or "~".
        ///
        /// - Parameter byte: The byte.
        /// - Returns: `true` for unreserved characters.
        static func isUnreserved(_ byte: UInt8) -> Bool {
            AMQPConfiguration.isASCIIAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
        }

        /// Tells whether a byte is an RFC 3986 sub-delimiter: one of `!$&'()*+,;=`.
        ///
        /// - Parameter byte: The byte.
        /// - Returns: `true` for sub-delimiters.
        static func isSubDelimiter(_ byte: UInt8) -> Bool {
            "!$&'()*+,;=".utf8.contains(byte)
        }

        /// Decodes `%XX` escapes.
        ///
        /// - Parameter text: The encoded text.
        /// - Returns: The decoded text, or `nil` when an escape is malformed or the bytes are not valid UTF-8.
        static func percentDecoded(_ text: some StringProtocol) -> String? {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var iterator = text.utf8.makeIterator()
            while let byte = iterator.next() {
                guard byte == UInt8(ascii: "%") else {
                    bytes.append(byte)
                    continue
                }
                guard let high = iterator.next().flatMap(Self.hexValue),
                    let low = iterator.next().flatMap(Self.hexValue)
                else {
                    return nil
                }
                bytes.append(high << 4 | low)
            }
            return String(validating: bytes, as: UTF8.self)
        }

        /// Returns the value of an ASCII hexadecimal digit.
        ///
        /// - Parameter byte: The byte.
        /// - Returns: 0 to 15, or `nil` when the byte is not a hexadecimal digit.
        static func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"):
                return byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"):
                return byte - UInt8(ascii: "a") + 10
            default:
                return nil
            }
        }

        /// Percent-encodes every UTF-8 byte that is not unreserved and not in `extras`, with upper-case hex digits.
        ///
        /// - Parameters:
        ///   - text: The text to encode.
        ///   - extras: Further bytes to leave as they are.
        /// - Returns: The encoded text.
        static func percentEncoded(_ text: String, keeping extras: Set<UInt8> = []) -> String {
            let digits = Array("0123456789ABCDEF".utf8)
            var encoded: [UInt8] = []
            encoded.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                if Self.isUnreserved(byte) || extras.contains(byte) {
                    encoded.append(byte)
                } else {
                    encoded.append(contentsOf: [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
                }
            }
            return String(decoding: encoded, as: UTF8.self)
        }
    }
}
