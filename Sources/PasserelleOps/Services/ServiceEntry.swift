import Foundation

/// One service of `services.yaml`: what `scripts/up` starts, what `compose.yaml` runs and what README lists.
///
/// ``ServicesManifest`` checks every field when it reads the file, so a value of this type always follows
/// the rules documented on each property.
public struct ServiceEntry: Sendable, Hashable, Encodable {
    /// The service's HTTP listener.
    public struct HTTP: Sendable, Hashable, Encodable {
        /// The port used when ``variable`` is not set.
        public var port: Int
        /// The environment variable that moves the port: `PASSERELLE_<NAME>_HTTP_PORT`, the one
        /// `ServiceConfiguration.environment(service:)` reads.
        public var variable: String

        /// Creates the listener settings.
        public init(port: Int, variable: String) {
            self.port = port
            self.variable = variable
        }
    }

    /// A secret file the service reads from `$PASSERELLE_HOME/secrets/`.
    ///
    /// `scripts/up` creates it when it is missing (32 random bytes, base64, mode 0600); `compose.yaml` passes
    /// ``variable`` from your environment instead.
    public struct Secret: Sendable, Hashable, Encodable {
        /// The file name in the secrets folder, for example `procurement-master.key`.
        public var file: String
        /// The environment variable that gives the same secret directly (base64).
        public var variable: String
        /// What it is, in a few words, for messages.
        public var about: String

        /// Creates a secret entry.
        public init(file: String, variable: String, about: String) {
            self.file = file
            self.variable = variable
            self.about = about
        }
    }

    /// The service: its contract context, PostgreSQL schema and `svc-<name>` broker user.
    public var name: String
    /// The SwiftPM executable product, always `passerelle-<name>`.
    public var product: String
    /// One line saying what the service does.
    public var summary: String
    /// The HTTP listener: its default port and the variable that moves it.
    public var http: HTTP
    /// The main HTTP routes, `/path` or `METHOD /path`, in the order people read them.
    public var routes: [String]
    /// Infrastructure the service uses besides RabbitMQ and PostgreSQL (every service uses those): `smtp`.
    public var needs: [String]
    /// The secret files `scripts/up` creates for it.
    public var secrets: [Secret]

    /// Creates an entry; ``ServicesManifest`` is what checks the rules.
    public init(
        name: String, product: String, summary: String, http: HTTP, routes: [String], needs: [String] = [],
        secrets: [Secret] = []
    ) {
        self.name = name
        self.product = product
        self.summary = summary
        self.http = http
        self.routes = routes
        self.needs = needs
        self.secrets = secrets
    }

    /// `PASSERELLE_<NAME>`: the prefix of the service's own environment variables (`_HTTP_HOST`,
    /// `_PUBLIC_URL`, …), spelled as the runtime spells it.
    public var environmentPrefix: String {
        Self.environmentPrefix(service: self.name)
    }

    /// `PASSERELLE_<NAME>` for the service `name`: upper case, `-` as `_`, as
    /// `ServiceConfiguration.environment(service:)` spells it.
    public static func environmentPrefix(service name: String) -> String {
        "PASSERELLE_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The port in effect: the value of ``HTTP/variable`` in `environment` when it is a port number, else the
    /// default.
    ///
    /// - Parameter environment: Usually the process environment.
    /// - Returns: A port 1–65535.
    public func port(environment: [String: String]) -> Int {
        guard let text = environment[self.http.variable], let port = Int(text), (1...65535).contains(port) else {
            return self.http.port
        }
        return port
    }
}
