extension SMTPMailer {
    /// Where and how ``SMTPMailer`` submits mail.
    ///
    /// ```swift
    /// var configuration = SMTPMailer.Configuration(url: "smtp://127.0.0.1:2525")
    /// configuration.startTLS = .required
    /// configuration.credentials = .init(username: "passerelle", password: secret)
    /// ```
    public struct Configuration: Sendable {
        /// Whether a `smtp://` connection upgrades to TLS with STARTTLS (RFC 3207). `smtps://` URLs use
        /// TLS from the first byte (implicit TLS, RFC 8314) and ignore this setting.
        public struct StartTLS: Sendable, Hashable, CustomStringConvertible {
            enum Mode: Sendable, Hashable { case never, ifOffered, required }
            let mode: Mode
            /// Never upgrade: plain text only (a local sink).
            public static var never: Self { Self(mode: .never) }
            /// Upgrade when the server offers STARTTLS, else continue in plain text.
            public static var ifOffered: Self { Self(mode: .ifOffered) }
            /// Upgrade or fail with `.connection`: a server without STARTTLS gets no mail.
            public static var required: Self { Self(mode: .required) }
            /// `never`, `ifOffered` or `required`.
            public var description: String { String(describing: self.mode) }
        }

        /// The SMTP AUTH login. Its descriptions never show the values.
        public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
            /// The user name.
            public var username: String
            /// The password (a secret).
            public var password: String

            /// Creates a login.
            public init(username: String, password: String) {
                self.username = username
                self.password = password
            }

            /// `Credentials(***)`.
            public var description: String { "Credentials(***)" }
            /// `Credentials(***)`.
            public var debugDescription: String { self.description }
        }

        /// Less common settings.
        public struct Options: Sendable {
            /// How many transfers may run at once, each on its own worker thread. Default 4.
            public var concurrentSends = 4
            /// A PEM file of CA certificates to trust instead of the system store (a private relay). Default
            /// nil.
            public var caFile: String?

            /// Default options.
            public init() {}
        }

        /// `smtp://host[:port]` (default port 25) or `smtps://host[:port]` (default 465). No path, no
        /// user info: the login goes in ``credentials``.
        public var url: String
        /// STARTTLS policy for `smtp://`. Default ``StartTLS/ifOffered``.
        public var startTLS: StartTLS = .ifOffered
        /// The SMTP AUTH login; nil sends no AUTH. Allowed only over TLS (or to a loopback address).
        public var credentials: Credentials?
        /// The name sent with EHLO/HELO. Default `passerelle.local`.
        public var heloName = "passerelle.local"
        /// Limit for establishing the connection (TCP and TLS). Default 10 s.
        public var connectTimeout: Duration = .seconds(10)
        /// Limit for the whole transaction, connection included. Default 60 s.
        public var timeout: Duration = .seconds(60)
        /// Less common settings.
        public var options = Options()

        /// A configuration for `url` with the defaults above.
        public init(url: String) {
            self.url = url
        }
    }
}

/// The parts of a checked ``SMTPMailer/Configuration``.
struct SMTPEndpoint: Sendable, Hashable {
    var isImplicitTLS: Bool
    var host: String
    /// `scheme://authority/helo-name`: libcurl takes the EHLO name from the URL path.
    var curlURL: String

    /// Checks the URL, the HELO name and the credentials policy.
    init(_ configuration: SMTPMailer.Configuration) throws(MailError) {
        let url = configuration.url
        let scheme: String
        if url.hasPrefix("smtp://") {
            scheme = "smtp"
        } else if url.hasPrefix("smtps://") {
            scheme = "smtps"
        } else {
            throw MailError(.invalid, "configuration.url: must start with smtp:// or smtps://")
        }
        var authority = url.dropFirst(scheme.count + 3)
        if authority.hasSuffix("/") {
            authority = authority.dropLast()
        }
        guard !authority.isEmpty, !authority.contains(where: { "/?#@ ".contains($0) }) else {
            throw MailError(.invalid, "configuration.url: must be scheme://host[:port] without path or user info")
        }
        var host = String(authority)
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            let port = authority[authority.index(after: colon)...]
            guard let number = Int(port), (1...65_535).contains(number) else {
                throw MailError(.invalid, "configuration.url: port must be 1 to 65535")
            }
            host = String(authority[..<colon])
        }
        guard !host.isEmpty else {
            throw MailError(.invalid, "configuration.url: host is missing")
        }
        let helo = configuration.heloName.utf8
        guard !helo.isEmpty, helo.count <= 253, helo.allSatisfy({ byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }) else {
            throw MailError(.invalid, "configuration.heloName: must be a host name (RFC 5321 §4.1.1.1)")
        }
        self.isImplicitTLS = scheme == "smtps"
        self.host = host
        self.curlURL = "\(scheme)://\(authority)/\(configuration.heloName)"
        let loopback = ["localhost", "127.0.0.1", "[::1]"].contains(host.lowercased())
        if configuration.credentials != nil, !self.isImplicitTLS, configuration.startTLS != .required, !loopback {
            throw MailError(
                .invalid,
                "configuration.credentials: a login needs smtps:// or startTLS .required (RFC 4954 §4, no plain-text AUTH)"
            )
        }
    }
}
