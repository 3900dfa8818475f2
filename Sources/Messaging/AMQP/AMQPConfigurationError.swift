/// An error raised while parsing or validating an ``AMQPConfiguration``.
///
/// The error says which part of the configuration is wrong (``component``), which kind of problem it is (``code``)
/// and, in ``message``, a plain sentence stating the rule that was broken. It is safe to log: neither the message nor
/// the description ever contains the password, and any value quoted back from the input is escaped and shortened.
public struct AMQPConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, stable enough to branch on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The name of the code, as printed by ``description``.
        private let name: String

        /// Creates a code with the given name.
        private init(_ name: String) {
            self.name = name
        }

        /// The URL does not start with `amqp://` or `amqps://`.
        public static let invalidScheme = Code("invalidScheme")
        /// The host is not a valid host name, IPv4 address or bracketed IPv6 address.
        public static let invalidHost = Code("invalidHost")
        /// The port is not an integer between 1 and 65535.
        public static let invalidPort = Code("invalidPort")
        /// The user name or password is malformed (bad percent-encoding or a character that must be encoded).
        public static let invalidUserInfo = Code("invalidUserInfo")
        /// The virtual host is malformed, for example it contains an un-encoded "/".
        public static let invalidVirtualHost = Code("invalidVirtualHost")
        /// A known query parameter has a bad value, has no value or is repeated.
        public static let invalidQueryParameter = Code("invalidQueryParameter")
        /// A query parameter is not one this client understands.
        public static let unknownQueryParameter = Code("unknownQueryParameter")
        /// Two settings contradict each other, or a setting does not apply to the chosen scheme.
        public static let conflictingOptions = Code("conflictingOptions")

        /// The name of the code, for example `invalidPort`.
        public var description: String {
            self.name
        }
    }

    /// The kind of problem.
    public var code: Code

    /// The part of the URI or configuration that is wrong.
    ///
    /// One of `"scheme"`, `"host"`, `"port"`, `"user"`, `"password"`, `"vhost"`, `"query"`, or the name of a query
    /// parameter such as `"heartbeat"`, `"frame_max"` or `"certfile"`. For an unknown query parameter it is the
    /// (escaped, shortened) name that was given.
    public var component: String

    /// A plain sentence naming the part and the rule, for example
    /// `port must be an integer between 1 and 65535, got "99999"`. Never contains the password.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - component: The part of the URI or configuration that is wrong.
    ///   - message: A plain sentence naming the part and the rule. It must not contain a password.
    public init(code: Code, component: String, message: String) {
        self.code = code
        self.component = component
        self.message = message
    }

    /// A one-line summary, for example
    /// `AMQPConfigurationError(invalidPort, port): port must be an integer between 1 and 65535, got "99999"`.
    public var description: String {
        "AMQPConfigurationError(\(self.code), \(self.component)): \(self.message)"
    }
}

extension AMQPConfigurationError {
    /// The longest input excerpt, in characters, that an error message quotes back.
    static let maximumQuotedLength = 64

    /// Quotes a piece of user input for an error message: wraps ``escaped(_:)`` in double quotes.
    ///
    /// Only call this with text that cannot contain the password.
    ///
    /// - Parameter text: The input excerpt.
    /// - Returns: The quoted, escaped excerpt.
    static func quoted(_ text: some StringProtocol) -> String {
        "\"" + Self.escaped(text) + "\""
    }

    /// Escapes a piece of user input for an error message or component name: escapes quotes, backslashes and
    /// non-printable characters, and shortens it to ``maximumQuotedLength`` characters (marked with "…").
    ///
    /// Only call this with text that cannot contain the password.
    ///
    /// - Parameter text: The input excerpt.
    /// - Returns: The escaped excerpt, without surrounding quotes.
    static func escaped(_ text: some StringProtocol) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == Self.maximumQuotedLength {
                result += "…"
                break
            }
            count += 1
            switch scalar {
            case "\"":
                result += "\\\""
            case "\\":
                result += "\\\\"
            case " "..."~":
                result.unicodeScalars.append(scalar)
            default:
                if scalar.isASCII || Self.isInvisible(scalar) {
                    result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Tells whether a non-ASCII scalar would be invisible or disruptive in a log line (control, format, separator,
    /// unassigned or private-use characters).
    ///
    /// - Parameter scalar: The scalar to classify.
    /// - Returns: `true` when the scalar should be written as an escape sequence.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse,
            .spaceSeparator:
            return true
        default:
            return false
        }
    }
}
