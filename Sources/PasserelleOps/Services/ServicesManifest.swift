public import Foundation

/// The platform's services as `services.yaml` lists them: the one list `scripts/up`, `compose.yaml`, the
/// `Dockerfile` and README's services table come from.
///
/// ```yaml
/// services:
///   - name: procurement
///     product: passerelle-procurement
///     summary: Tenders, DCE downloads, sealed bids, award, contract, OCDS export.
///     http: {port: 8081, variable: PASSERELLE_PROCUREMENT_HTTP_PORT}
///     routes: ["/tenders/{id}", "POST /tenders/{id}/bids", /metrics, /health/ready]
///     secrets:
///       - {file: procurement-master.key, variable: PASSERELLE_PROCUREMENT_MASTER_KEY, about: the master key}
/// ```
///
/// Reading checks every rule (see ``ServiceEntry``): unknown fields, names, the product and port variable
/// that follow from the name, unique names, ports and secret files. The order of the file is kept: it is
/// the order `scripts/up` starts the services in.
public struct ServicesManifest: Sendable, Hashable {
    /// The fields a service entry may have.
    public static let serviceFields = ["name", "product", "summary", "http", "routes", "needs", "secrets"]
    /// What ``ServiceEntry/needs`` may list: the compose services beyond RabbitMQ and PostgreSQL.
    public static let knownNeeds = ["smtp"]

    /// The services, in the file's order.
    public var services: [ServiceEntry]

    /// Creates a manifest without checking it (tests and renderers); ``init(yaml:file:)`` checks.
    public init(services: [ServiceEntry]) {
        self.services = services
    }

    /// Parses and checks manifest YAML.
    ///
    /// - Parameters:
    ///   - yaml: The text.
    ///   - file: The name errors give, usually `services.yaml`.
    /// - Throws: ``ServicesError`` (`invalidManifest`) naming the line, the field and the rule broken.
    public init(yaml: String, file: String = "services.yaml") throws(ServicesError) {
        self.services = try ServicesManifestReader(file: file).read(yaml)
    }

    /// Reads and checks a manifest file.
    ///
    /// - Parameter url: The file, usually `services.yaml` at the repository root.
    /// - Throws: ``ServicesError``: `unreadable` when the file cannot be read, else as ``init(yaml:file:)``.
    public init(contentsOf url: URL) throws(ServicesError) {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ServicesError(.unreadable, file: url.path, rule: "cannot read the services manifest")
        }
        try self.init(yaml: text, file: url.lastPathComponent)
    }

    /// The service called `name`, if any.
    public func service(named name: String) -> ServiceEntry? {
        self.services.first { $0.name == name }
    }
}
