import Testing

@testable import Messaging

/// A URL that ``AMQPConfiguration/init(url:)`` must refuse, with the error it must report.
struct AMQPURIErrorCase: Sendable, CustomTestStringConvertible {
    /// The URL to parse.
    let url: String
    /// The expected error code.
    let code: AMQPConfigurationError.Code
    /// The expected error component.
    let component: String

    /// Creates a case.
    init(_ url: String, _ code: AMQPConfigurationError.Code, _ component: String) {
        self.url = url
        self.code = code
        self.component = component
    }

    /// The URL, shown as the test argument.
    var testDescription: String {
        self.url
    }
}

@Suite("AMQPConfiguration")
struct AMQPConfigurationTests {
    /// A password distinctive enough that finding it in any output means it leaked.
    static let secret = "s3cr3t-Pa55"

    /// Parses `url`, expecting an error, and returns that error.
    func parseError(_ url: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> AMQPConfigurationError {
        try #require(throws: AMQPConfigurationError.self, sourceLocation: sourceLocation) {
            try AMQPConfiguration(url: url)
        }
    }

    // MARK: - Defaults

    @Test func defaultsMatchTheDocumentedValues() throws {
        let configuration = AMQPConfiguration()
        #expect(configuration.host == "localhost")
        #expect(configuration.port == 5672)
        #expect(configuration.username == "guest")
        #expect(configuration.password == "guest")
        #expect(configuration.virtualHost == "/")
        #expect(configuration.heartbeat == .seconds(30))
        #expect(configuration.frameMax == 131_072)
        #expect(configuration.channelMax == 2047)
        #expect(configuration.connectionTimeout == .seconds(10))
        #expect(configuration.connectionName == nil)
        #expect(configuration.authMechanism == .plain)
        #expect(configuration.tls == nil)
        try configuration.validate()
    }

    @Test func tlsDefaultsVerifyEverything() {
        let tls = AMQPConfiguration.TLS()
        #expect(tls.caFile == nil && tls.certFile == nil && tls.keyFile == nil && tls.serverName == nil)
        #expect(tls.verifyPeer && tls.verifyHostname)
        #expect(AMQPConfiguration(tls: tls).port == 5671)
        #expect(AMQPConfiguration(port: 15671, tls: tls).port == 15671)
    }

    @Test(arguments: [
        "amqp://", "amqp://localhost", "amqp://guest:guest@localhost:5672/%2F", "amqp:///", "amqp://:5672",
    ])
    func urlsSpellingOutTheDefaultsGiveTheDefaultConfiguration(url: String) throws {
        #expect(try AMQPConfiguration(url: url) == AMQPConfiguration())
    }

    @Test func defaultRedactedURLIsCanonical() {
        #expect(AMQPConfiguration().redactedURL == "amqp://guest:***@localhost:5672/%2F?heartbeat=30")
        #expect(
            AMQPConfiguration().description == "AMQPConfiguration(amqp://guest:***@localhost:5672/%2F?heartbeat=30)"
        )
    }

    // MARK: - Scheme, host and port

    @Test func amqpsUsesPort5671AndDefaultTLS() throws {
        let configuration = try AMQPConfiguration(url: "amqps://rabbit.example.com")
        #expect(configuration.port == 5671)
        #expect(configuration.tls == AMQPConfiguration.TLS())
        #expect(configuration.redactedURL == "amqps://guest:***@rabbit.example.com:5671/%2F?heartbeat=30")
    }

    @Test(arguments: [
        ("AMQP://rabbit", false), ("Amqp://rabbit", false), ("AMQPS://rabbit", true), ("aMqPs://rabbit", true),
    ])
    func schemeIsCaseInsensitive(url: String, isTLS: Bool) throws {
        let configuration = try AMQPConfiguration(url: url)
        #expect(configuration.host == "rabbit")
        #expect((configuration.tls != nil) == isTLS)
    }

    @Test func explicitPortAndEmptyHostMeaningLocalhost() throws {
        #expect(try AMQPConfiguration(url: "amqp://rabbit:5673").port == 5673)
        #expect(try AMQPConfiguration(url: "amqps://rabbit:1").port == 1)
        #expect(try AMQPConfiguration(url: "amqp://rabbit:65535").port == 65535)
        let noHost = try AMQPConfiguration(url: "amqp://user:pw@:5673/vh")
        #expect(noHost.host == "localhost")
        #expect(noHost.port == 5673)
        #expect(noHost.username == "user")
        #expect(noHost.virtualHost == "vh")
    }

    @Test(arguments: [
        ("amqp://[::1]", "::1", 5672),
        ("amqp://[::1]:5673", "::1", 5673),
        ("amqps://user:pw@[2001:db8::10]/vh", "2001:db8::10", 5671),
        ("amqp://[fe80:0:0:0:200:f8ff:fe21:67cf]:1234", "fe80:0:0:0:200:f8ff:fe21:67cf", 1234),
        ("amqp://[::ffff:192.0.2.1]", "::ffff:192.0.2.1", 5672),
    ])
    func ipv6LiteralsAreStoredWithoutBrackets(url: String, host: String, port: Int) throws {
        let configuration = try AMQPConfiguration(url: url)
        #expect(configuration.host == host)
        #expect(configuration.port == port)
        #expect(configuration.redactedURL.contains("@[\(host)]:\(port)/"))
    }

    // MARK: - Percent-decoding and virtual hosts

    @Test func userPasswordAndVirtualHostArePercentDecoded() throws {
        let configuration = try AMQPConfiguration(url: "amqp://us%40er%3Aname:p%40ss%3Aw%2Fo%20rd@rabbit/%2F")
        #expect(configuration.username == "us@er:name")
        #expect(configuration.password == "p@ss:w/o rd")
        #expect(configuration.virtualHost == "/")
        #expect(configuration.redactedURL == "amqp://us%40er%3Aname:***@rabbit:5672/%2F?heartbeat=30")
    }

    @Test func userInfoEdgeCases() throws {
        let userOnly = try AMQPConfiguration(url: "amqp://passerelle@rabbit")
        #expect(userOnly.username == "passerelle")
        #expect(userOnly.password == "guest")

        let empty = try AMQPConfiguration(url: "amqp://:@rabbit")
        #expect(empty.username == "")
        #expect(empty.password == "")

        let colonInPassword = try AMQPConfiguration(url: "amqp://user:a:b@rabbit")
        #expect(colonInPassword.password == "a:b")

        let unicode = try AMQPConfiguration(url: "amqp://%C3%A9mile:caf%C3%A9@rabbit")
        #expect(unicode.username == "émile")
        #expect(unicode.password == "café")
    }

    @Test(arguments: [
        ("amqp://rabbit", "/"),
        ("amqp://rabbit/", "/"),
        ("amqp://rabbit/%2F", "/"),
        ("amqp://rabbit/%2f", "/"),
        ("amqp://rabbit/passerelle", "passerelle"),
        ("amqp://rabbit/a%2Fb", "a/b"),
        ("amqp://rabbit/%2Fprod?heartbeat=5", "/prod"),
        ("amqp://rabbit/caf%C3%A9", "café"),
        ("amqp://rabbit/team:blue", "team:blue"),
    ])
    func virtualHostFromPath(url: String, virtualHost: String) throws {
        #expect(try AMQPConfiguration(url: url).virtualHost == virtualHost)
    }

    // MARK: - Query parameters

    @Test func fullURLWithEveryParameter() throws {
        let url =
            "amqps://passerelle:\(Self.secret)@rabbit.example.com:5673/passerelle?heartbeat=15&frame_max=65536"
            + "&channel_max=128&connection_timeout=2500&connection_name=passerelle%20worker%231"
            + "&auth_mechanism=EXTERNAL&cacertfile=%2Fetc%2Fssl%2Fca.pem&certfile=/etc/ssl/client.pem"
            + "&keyfile=/etc/ssl/client.key&verify=verify_none&verify_hostname=false"
            + "&server_name_indication=broker.example.com"
        let configuration = try AMQPConfiguration(url: url)

        var expected = AMQPConfiguration(
            host: "rabbit.example.com",
            port: 5673,
            username: "passerelle",
            password: Self.secret,
            virtualHost: "passerelle",
            tls: .init(
                caFile: "/etc/ssl/ca.pem",
                certFile: "/etc/ssl/client.pem",
                keyFile: "/etc/ssl/client.key",
                verifyPeer: false,
                verifyHostname: false,
                serverName: "broker.example.com"
            )
        )
        expected.heartbeat = .seconds(15)
        expected.frameMax = 65536
        expected.channelMax = 128
        expected.connectionTimeout = .milliseconds(2500)
        expected.connectionName = "passerelle worker#1"
        expected.authMechanism = .external
        #expect(configuration == expected)

        #expect(
            configuration.redactedURL
                == "amqps://passerelle:***@rabbit.example.com:5673/passerelle?heartbeat=15&frame_max=65536"
                + "&channel_max=128&connection_timeout=2500&connection_name=passerelle%20worker%231"
                + "&auth_mechanism=external&cacertfile=/etc/ssl/ca.pem&certfile=/etc/ssl/client.pem"
                + "&keyfile=/etc/ssl/client.key&verify=verify_none&verify_hostname=false"
                + "&server_name_indication=broker.example.com"
        )
    }

    @Test func nonTLSParametersOnPlainAMQP() throws {
        let configuration = try AMQPConfiguration(
            url: "amqp://rabbit?heartbeat=65535&frame_max=4096&channel_max=0&connection_timeout=1&auth_mechanism=Plain"
        )
        #expect(configuration.heartbeat == .seconds(65535))
        #expect(configuration.frameMax == 4096)
        #expect(configuration.channelMax == 0)
        #expect(configuration.connectionTimeout == .milliseconds(1))
        #expect(configuration.authMechanism == .plain)
        #expect(configuration.tls == nil)
    }

    @Test func frameMaxUpperBoundIsInt32Max() throws {
        #expect(try AMQPConfiguration(url: "amqp://rabbit?frame_max=2147483647").frameMax == 2_147_483_647)
    }

    @Test func queryValuesAreDecodedLiterallyAndEmptyItemsIgnored() throws {
        let configuration = try AMQPConfiguration(url: "amqp://rabbit?&connection_name=a+b%2Bc%26d%3De&&heart%62eat=7&")
        #expect(configuration.connectionName == "a+b+c&d=e")
        #expect(configuration.heartbeat == .seconds(7))
        #expect(try AMQPConfiguration(url: "amqp://rabbit?") == AMQPConfiguration(host: "rabbit"))
    }

    @Test func verifyValuesAreCaseInsensitiveAndIndependent() throws {
        let configuration = try AMQPConfiguration(url: "amqps://rabbit?verify=VERIFY_NONE")
        #expect(configuration.tls?.verifyPeer == false)
        #expect(configuration.tls?.verifyHostname == true)
        let explicit = try AMQPConfiguration(url: "amqps://rabbit?verify=verify_peer&verify_hostname=TRUE")
        #expect(explicit.tls == AMQPConfiguration.TLS())
    }

    // MARK: - Errors

    @Test(arguments: [
        AMQPURIErrorCase("http://rabbit", .invalidScheme, "scheme"),
        AMQPURIErrorCase("amqpx://rabbit", .invalidScheme, "scheme"),
        AMQPURIErrorCase("rabbit:5672", .invalidScheme, "scheme"),
        AMQPURIErrorCase("amqp:/rabbit", .invalidScheme, "scheme"),
        AMQPURIErrorCase("", .invalidScheme, "scheme"),
        AMQPURIErrorCase("amqp://bad host", .invalidHost, "host"),
        AMQPURIErrorCase("amqp://rab%ZZbit", .invalidHost, "host"),
        AMQPURIErrorCase("amqp://::1", .invalidHost, "host"),
        AMQPURIErrorCase("amqp://[::1", .invalidHost, "host"),
        AMQPURIErrorCase("amqp://[::g]", .invalidHost, "host"),
        AMQPURIErrorCase("amqp://[1:2:3]", .invalidHost, "host"),
        AMQPURIErrorCase("amqp://[]", .invalidHost, "host"),
        AMQPURIErrorCase("amqp://[::1]x", .invalidHost, "host"),
        AMQPURIErrorCase("amqp://rabbit#frag", .invalidHost, "host"),
        AMQPURIErrorCase("amqp://rabbit:99999", .invalidPort, "port"),
        AMQPURIErrorCase("amqp://rabbit:0", .invalidPort, "port"),
        AMQPURIErrorCase("amqp://rabbit:-1", .invalidPort, "port"),
        AMQPURIErrorCase("amqp://rabbit:+80", .invalidPort, "port"),
        AMQPURIErrorCase("amqp://rabbit:http", .invalidPort, "port"),
        AMQPURIErrorCase("amqp://rabbit:", .invalidPort, "port"),
        AMQPURIErrorCase("amqp://[::1]:123456789012345678901", .invalidPort, "port"),
        AMQPURIErrorCase("amqp://us%zzer@rabbit", .invalidUserInfo, "user"),
        AMQPURIErrorCase("amqp://us er@rabbit", .invalidUserInfo, "user"),
        AMQPURIErrorCase("amqp://user:pa%4@rabbit", .invalidUserInfo, "password"),
        AMQPURIErrorCase("amqp://user:%FF@rabbit", .invalidUserInfo, "password"),
        AMQPURIErrorCase("amqp://rabbit/a/b", .invalidVirtualHost, "vhost"),
        AMQPURIErrorCase("amqp://rabbit/a/", .invalidVirtualHost, "vhost"),
        AMQPURIErrorCase("amqp://rabbit//", .invalidVirtualHost, "vhost"),
        AMQPURIErrorCase("amqp://rabbit/a%2", .invalidVirtualHost, "vhost"),
        AMQPURIErrorCase("amqp://rabbit/%C3", .invalidVirtualHost, "vhost"),
        AMQPURIErrorCase("amqp://rabbit/a b", .invalidVirtualHost, "vhost"),
        AMQPURIErrorCase("amqp://rabbit/vh#frag", .invalidVirtualHost, "vhost"),
        AMQPURIErrorCase("amqp://rabbit?heartbeat=0", .invalidQueryParameter, "heartbeat"),
        AMQPURIErrorCase("amqp://rabbit?heartbeat=65536", .invalidQueryParameter, "heartbeat"),
        AMQPURIErrorCase("amqp://rabbit?heartbeat=1.5", .invalidQueryParameter, "heartbeat"),
        AMQPURIErrorCase("amqp://rabbit?heartbeat=", .invalidQueryParameter, "heartbeat"),
        AMQPURIErrorCase("amqp://rabbit?heartbeat", .invalidQueryParameter, "heartbeat"),
        AMQPURIErrorCase("amqp://rabbit?heartbeat=5&heartbeat=5", .invalidQueryParameter, "heartbeat"),
        AMQPURIErrorCase("amqp://rabbit?frame_max=4095", .invalidQueryParameter, "frame_max"),
        AMQPURIErrorCase("amqp://rabbit?frame_max=0", .invalidQueryParameter, "frame_max"),
        AMQPURIErrorCase("amqp://rabbit?frame_max=2147483648", .invalidQueryParameter, "frame_max"),
        AMQPURIErrorCase("amqp://rabbit?channel_max=65536", .invalidQueryParameter, "channel_max"),
        AMQPURIErrorCase("amqp://rabbit?channel_max=-1", .invalidQueryParameter, "channel_max"),
        AMQPURIErrorCase("amqp://rabbit?connection_timeout=0", .invalidQueryParameter, "connection_timeout"),
        AMQPURIErrorCase("amqp://rabbit?connection_timeout=10s", .invalidQueryParameter, "connection_timeout"),
        AMQPURIErrorCase("amqp://rabbit?connection_name=", .invalidQueryParameter, "connection_name"),
        AMQPURIErrorCase("amqp://rabbit?connection_name=%zz", .invalidQueryParameter, "connection_name"),
        AMQPURIErrorCase("amqp://rabbit?connection_name=a b", .invalidQueryParameter, "connection_name"),
        AMQPURIErrorCase("amqp://rabbit?connection_name=a#b", .invalidQueryParameter, "connection_name"),
        AMQPURIErrorCase("amqp://rabbit?auth_mechanism=kerberos", .invalidQueryParameter, "auth_mechanism"),
        AMQPURIErrorCase("amqp://rabbit?%zz=1", .invalidQueryParameter, "query"),
        AMQPURIErrorCase("amqps://rabbit?verify=maybe", .invalidQueryParameter, "verify"),
        AMQPURIErrorCase("amqps://rabbit?verify_hostname=yes", .invalidQueryParameter, "verify_hostname"),
        AMQPURIErrorCase(
            "amqps://rabbit?server_name_indication=bad%20name",
            .invalidQueryParameter,
            "server_name_indication"
        ),
        AMQPURIErrorCase("amqps://rabbit?cacertfile=", .invalidQueryParameter, "cacertfile"),
        AMQPURIErrorCase("amqp://rabbit?heartbeet=5", .unknownQueryParameter, "heartbeet"),
        AMQPURIErrorCase("amqp://rabbit?Heartbeat=5", .unknownQueryParameter, "Heartbeat"),
        AMQPURIErrorCase("amqp://rabbit?password=hunter2", .unknownQueryParameter, "password"),
        AMQPURIErrorCase("amqp://rabbit?cacertfile=/ca.pem", .conflictingOptions, "cacertfile"),
        AMQPURIErrorCase("amqp://rabbit?certfile=/c.pem&keyfile=/k.pem", .conflictingOptions, "certfile"),
        AMQPURIErrorCase("amqp://rabbit?keyfile=/k.pem", .conflictingOptions, "keyfile"),
        AMQPURIErrorCase("amqp://rabbit?verify=verify_peer", .conflictingOptions, "verify"),
        AMQPURIErrorCase("amqp://rabbit?verify_hostname=false", .conflictingOptions, "verify_hostname"),
        AMQPURIErrorCase("amqp://rabbit?server_name_indication=rabbit", .conflictingOptions, "server_name_indication"),
        AMQPURIErrorCase("amqps://rabbit?certfile=/c.pem", .conflictingOptions, "certfile"),
        AMQPURIErrorCase("amqps://rabbit?keyfile=/k.pem", .conflictingOptions, "keyfile"),
        AMQPURIErrorCase("amqp://rabbit?auth_mechanism=external", .conflictingOptions, "auth_mechanism"),
        AMQPURIErrorCase("amqps://rabbit?auth_mechanism=external", .conflictingOptions, "auth_mechanism"),
    ])
    func invalidURLsAreRefused(errorCase: AMQPURIErrorCase) throws {
        let error = try self.parseError(errorCase.url)
        #expect(error.code == errorCase.code)
        #expect(error.component == errorCase.component)
        #expect(error.message.contains(errorCase.component) || errorCase.component == "query")
    }

    @Test func portErrorMessageNamesThePartAndTheRule() throws {
        let error = try self.parseError("amqp://rabbit:99999")
        #expect(error.message == "port must be an integer between 1 and 65535, got \"99999\"")
        #expect(
            error.description
                == "AMQPConfigurationError(invalidPort, port): "
                + "port must be an integer between 1 and 65535, got \"99999\""
        )
        #expect(error.code.description == "invalidPort")
    }

    @Test func errorCodesAreDistinctAndPrintTheirNames() {
        let codes: [AMQPConfigurationError.Code] = [
            .invalidScheme, .invalidHost, .invalidPort, .invalidUserInfo, .invalidVirtualHost, .invalidQueryParameter,
            .unknownQueryParameter, .conflictingOptions,
        ]
        #expect(Set(codes).count == codes.count)
        #expect(codes.map(\.description).contains("unknownQueryParameter"))
    }

    @Test func messagesGiveTheFixForCommonMistakes() throws {
        #expect(try self.parseError("amqp://rabbit/a/b").message.contains("%2F"))
        #expect(try self.parseError("amqp://rabbit?frame_max=1024").message.contains("4096"))
        #expect(try self.parseError("amqp://::1").message.contains("[::1]"))
        #expect(try self.parseError("amqp://rabbit?heartbeet=5").message.contains("heartbeat"))
    }

    @Test func quotedInputIsEscapedAndShortened() throws {
        let error = try self.parseError("amqp://rabbit?connection_timeout=%0A\(String(repeating: "9", count: 200))")
        #expect(!error.message.contains("\n"))
        #expect(error.message.contains("\\u{A}"))
        #expect(error.message.hasSuffix("…\""))
        #expect(error.message.count < 200)
    }

    // MARK: - The password never leaks

    @Test(arguments: [
        "amqp://user:\(AMQPConfigurationTests.secret)@rabbit:99999",
        "amqp://user:\(AMQPConfigurationTests.secret)@bad host",
        "amqp://user:\(AMQPConfigurationTests.secret)@rabbit/a/b",
        "amqp://user:\(AMQPConfigurationTests.secret)@rabbit?heartbeat=0",
        "amqp://user:\(AMQPConfigurationTests.secret)@rabbit?unknown=1",
        "amqp://user:\(AMQPConfigurationTests.secret)@rabbit?certfile=/c.pem",
        "amqp://user:\(AMQPConfigurationTests.secret)%@rabbit",
        "http://user:\(AMQPConfigurationTests.secret)@rabbit",
        "user:\(AMQPConfigurationTests.secret)@rabbit",
        "amqp://user:s3cr3t/Pa55@rabbit/vh",
        "amqp://user:s3cr3t?Pa55@rabbit",
        "amqp://user:s3cr3t#Pa55@rabbit",
        "amqp://user:s3cr3t@Pa55@rabbit",
        "amqp://user:s3cr3t Pa55@rabbit",
        "amqp://user:s3cr3t/9999@rabbit",
    ])
    func errorsNeverContainThePassword(url: String) throws {
        let error = try self.parseError(url)
        for text in [error.message, error.component, error.description, String(reflecting: error)] {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("s3cr3t"))
            #expect(!text.contains("Pa55"))
        }
    }

    @Test func passwordWithUnencodedSlashIsReportedAsAPasswordProblem() throws {
        let error = try self.parseError("amqp://user:s3cr3t/Pa55@rabbit/vh")
        #expect(error.code == .invalidUserInfo)
        #expect(error.component == "password")
        #expect(error.message.contains("%2F"))
    }

    @Test func descriptionsAndDumpsNeverContainThePassword() throws {
        var configuration = try AMQPConfiguration(url: "amqps://user:\(Self.secret)@rabbit/vh?connection_name=worker")
        configuration.tls?.caFile = "/etc/ssl/ca.pem"
        var dumped = ""
        dump(configuration, to: &dumped)
        let texts = [
            configuration.description, configuration.debugDescription, configuration.redactedURL,
            String(describing: configuration), String(reflecting: configuration), "\(configuration)", dumped,
        ]
        for text in texts {
            #expect(!text.contains(Self.secret))
            #expect(text.contains("user"))
        }
        #expect(dumped.contains("***"))
        #expect(configuration.redactedURL.contains("user:***@rabbit"))
    }

    // MARK: - Round trip

    @Test(arguments: [
        "amqp://",
        "amqp://user:\(AMQPConfigurationTests.secret)@rabbit:5673/passerelle",
        "AMQPS://us%40er:pw@rabbit.example.com/%2F?heartbeat=5&verify=verify_none",
        "amqp://[2001:db8::1]:1234/a%2Fb%20c?frame_max=4096&channel_max=0&connection_timeout=123456",
        "amqp://:@rabbit/caf%C3%A9?connection_name=na%C3%AFve%20%26%20%3D%20%2B%20%2F%20%3F&auth_mechanism=plain",
        "amqps://rabbit?auth_mechanism=external&certfile=/c%20d.pem&keyfile=/k.pem&cacertfile=C:%5Cca.pem"
            + "&verify_hostname=false&server_name_indication=broker.example.com",
    ])
    func redactedURLRoundTrips(url: String) throws {
        let configuration = try AMQPConfiguration(url: url)
        let reparsed = try AMQPConfiguration(url: configuration.redactedURL)
        var expected = configuration
        expected.password = "***"
        #expect(reparsed == expected)
        #expect(reparsed.redactedURL == configuration.redactedURL)
    }

    @Test func programmaticConfigurationRoundTrips() throws {
        var configuration = AMQPConfiguration(
            host: "rabbit-1.internal",
            username: "ops team/étoile",
            password: Self.secret,
            virtualHost: "prod/eu",
            tls: .init(caFile: "/ca&b=c.pem", serverName: "rabbit.example.com")
        )
        configuration.heartbeat = .seconds(1)
        configuration.connectionTimeout = .seconds(3)
        configuration.connectionName = "passerelle@host #2"
        try configuration.validate()

        #expect(
            configuration.redactedURL
                == "amqps://ops%20team%2F%C3%A9toile:***@rabbit-1.internal:5671/prod%2Feu?heartbeat=1"
                + "&connection_timeout=3000&connection_name=passerelle%40host%20%232&cacertfile=/ca%26b%3Dc.pem"
                + "&server_name_indication=rabbit.example.com"
        )
        var expected = configuration
        expected.password = "***"
        #expect(try AMQPConfiguration(url: configuration.redactedURL) == expected)
    }

    // MARK: - validate()

    @Test(arguments: [
        ("host", AMQPConfigurationError.Code.invalidHost),
        ("port", .invalidPort),
        ("heartbeat", .invalidQueryParameter),
        ("frame_max", .invalidQueryParameter),
        ("channel_max", .invalidQueryParameter),
        ("connection_timeout", .invalidQueryParameter),
        ("connection_name", .invalidQueryParameter),
        ("certfile", .conflictingOptions),
        ("server_name_indication", .invalidQueryParameter),
        ("auth_mechanism", .conflictingOptions),
    ])
    func validateRejectsOutOfRangeSettings(component: String, code: AMQPConfigurationError.Code) throws {
        var configuration = AMQPConfiguration(password: Self.secret)
        switch component {
        case "host": configuration.host = "bad host"
        case "port": configuration.port = 70000
        case "heartbeat": configuration.heartbeat = .milliseconds(1500)
        case "frame_max": configuration.frameMax = 1024
        case "channel_max": configuration.channelMax = 65536
        case "connection_timeout": configuration.connectionTimeout = .zero
        case "connection_name": configuration.connectionName = ""
        case "certfile": configuration.tls = .init(certFile: "/c.pem")
        case "server_name_indication": configuration.tls = .init(serverName: "not a host")
        default: configuration.authMechanism = .external
        }
        let error = try #require(throws: AMQPConfigurationError.self) { try configuration.validate() }
        #expect(error.code == code)
        #expect(error.component == component)
        #expect(!error.description.contains(Self.secret))
    }

    @Test func validateAcceptsEdgeValues() throws {
        var configuration = AMQPConfiguration(host: "::1", tls: .init(certFile: "/c.pem", keyFile: "/k.pem"))
        configuration.heartbeat = .seconds(65535)
        configuration.frameMax = 4096
        configuration.channelMax = 0
        configuration.connectionTimeout = .milliseconds(1)
        configuration.authMechanism = .external
        try configuration.validate()
        #expect(configuration.heartbeat == .seconds(65535))
    }

    @Test func heartbeatBelowOneSecondIsRefused() throws {
        var configuration = AMQPConfiguration()
        configuration.heartbeat = .zero
        let error = try #require(throws: AMQPConfigurationError.self) { try configuration.validate() }
        #expect(error.message.contains("between 1 and 65535"))
    }

    @Test func equalityIncludesThePassword() throws {
        let first = try AMQPConfiguration(url: "amqp://user:one@rabbit")
        let second = try AMQPConfiguration(url: "amqp://user:two@rabbit")
        #expect(first != second)
        #expect(first.description == second.description)
        #expect(Set([first, second, first]).count == 2)
    }
}
