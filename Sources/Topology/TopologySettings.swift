import Foundation
import Yams

/// What the contracts do not say about the broker, read from `topology/passerelle.yaml`.
///
/// Every field has a default, so an empty file (or no file) still gives a correct hub. For a consumer
/// queue, a value is taken from, in order: `queues.<name>`, `services.<context>`, the contract's
/// `x-passerelle-queue`, then `consumerQueues`.
public struct TopologySettings: Sendable, Hashable {
    /// The queue type of a generated queue.
    public enum QueueType: String, Sendable, Hashable, Codable {
        /// Replicated, durable; the default for consumer and retry queues.
        case quorum
        /// A classic durable queue; the default for the parking queues, which never redeliver on their own.
        case classic
    }

    /// Settings of one consumer queue, or overrides of them.
    public struct QueueOverrides: Sendable, Hashable, Codable {
        /// The queue type.
        public var type: QueueType?
        /// The quorum-queue delivery limit (`delivery-limit` policy key).
        public var deliveryLimit: Int?
        /// The consumer prefetch.
        public var prefetch: Int?
        /// The retry delay levels.
        public var retryLevels: [DelayLevel]?
        /// How many instances of the service consume (for `status`).
        public var instances: Int?

        public init(
            type: QueueType? = nil, deliveryLimit: Int? = nil, prefetch: Int? = nil, retryLevels: [DelayLevel]? = nil,
            instances: Int? = nil
        ) {
            self.type = type
            self.deliveryLimit = deliveryLimit
            self.prefetch = prefetch
            self.retryLevels = retryLevels
            self.instances = instances
        }
    }

    /// The virtual host. Default `passerelle`.
    public var vhost = "passerelle"
    /// The prefix of service user names. Default `svc-`, giving `svc-procurement`.
    public var userPrefix = "svc-"
    /// The priority of every generated policy. Default 10.
    public var policyPriority = 10
    /// The alternate exchange and queue of every events exchange. Default `passerelle.unroutable`.
    public var unroutable = "passerelle.unroutable"
    /// Queue type of the parking queues (`.dlq`, `.invalid`) and of the unroutable queue. Default classic.
    public var parkingQueueType: QueueType = .classic
    /// Defaults of consumer queues: quorum, delivery limit 5, prefetch 50, retry levels 5s, 1m, 10m.
    public var consumerQueues = QueueOverrides(
        type: .quorum, deliveryLimit: 5, prefetch: 50,
        retryLevels: [DelayLevel.fiveSeconds, DelayLevel.oneMinute, DelayLevel.tenMinutes], instances: 1
    )
    /// Contexts that are partners, not services: they get no service user. Contexts whose queues are all
    /// named `bridge.<context>.…` are partners even when not listed.
    public var partners: [String] = []
    /// The partners' brokers, by partner (`bridges:`); see ``PartnerBridgeSettings``.
    public var bridges: [String: PartnerBridgeSettings] = [:]
    /// Overrides per consuming context.
    public var services: [String: QueueOverrides] = [:]
    /// Overrides per queue name.
    public var queues: [String: QueueOverrides] = [:]

    /// The defaults.
    public init() {}

    /// Parses settings YAML; an empty document gives the defaults.
    ///
    /// - Parameter yaml: The YAML text.
    /// - Throws: ``TopologyError`` with code ``TopologyError/Code/invalidSettings``.
    public init(yaml: String) throws(TopologyError) {
        self.init()
        let raw: RawSettings
        do {
            // No document, or an empty one (`---`), gives the defaults.
            guard let node = try Yams.compose(yaml: yaml),
                !(node.scalar.map { ["", "~", "null"].contains($0.string) } ?? false)
            else { return }
            raw = try YAMLDecoder().decode(RawSettings.self, from: yaml)
        } catch let error as TopologyError {
            throw error
        } catch {
            throw TopologyError(.invalidSettings, "cannot read the settings: \(Self.reason(error))")
        }
        try self.merge(raw)
    }

    /// Reads a settings file; a missing file gives the defaults.
    ///
    /// - Parameter url: The file, usually `topology/passerelle.yaml`.
    /// - Throws: ``TopologyError`` when the file exists but cannot be read or parsed.
    public init(contentsOf url: URL) throws(TopologyError) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            self.init()
            return
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw TopologyError(.invalidSettings, "cannot read \(url.path)")
        }
        do {
            try self.init(yaml: text)
        } catch {
            throw TopologyError(.invalidSettings, "\(url.lastPathComponent): \(error.message)")
        }
    }

    private mutating func merge(_ raw: RawSettings) throws(TopologyError) {
        if let vhost = raw.vhost { self.vhost = vhost }
        if let prefix = raw.userPrefix { self.userPrefix = prefix }
        if let priority = raw.policyPriority { self.policyPriority = priority }
        if let unroutable = raw.unroutable { self.unroutable = unroutable }
        if let type = raw.parkingQueues?.type { self.parkingQueueType = type }
        if let defaults = raw.consumerQueues { self.consumerQueues = self.consumerQueues.overridden(by: defaults) }
        self.partners = raw.partners ?? []
        self.bridges = raw.bridges ?? [:]
        for (partner, bridge) in self.bridges {
            guard self.partners.contains(partner) else {
                throw TopologyError(.invalidSettings, "bridges.\(partner): \(partner) is not listed in partners")
            }
            if let prefetch = bridge.prefetch, !(1...65535).contains(prefetch) {
                throw TopologyError(.invalidSettings, "bridges.\(partner).prefetch must be 1...65535")
            }
        }
        self.services = raw.services ?? [:]
        self.queues = raw.queues ?? [:]
        guard !self.vhost.isEmpty else { throw TopologyError(.invalidSettings, "vhost must not be empty") }
        for (name, queue) in [("consumerQueues", self.consumerQueues)] + self.services.map({ ($0.key, $0.value) })
            + self.queues.map({ ($0.key, $0.value) })
        {
            if let limit = queue.deliveryLimit, limit < 1 {
                throw TopologyError(.invalidSettings, "\(name): deliveryLimit must be at least 1")
            }
            if let prefetch = queue.prefetch, prefetch < 1 {
                throw TopologyError(.invalidSettings, "\(name): prefetch must be at least 1 (0 means unlimited)")
            }
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? DecodingError {
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
            case .keyNotFound(let key, _):
                return "missing \(key.stringValue)"
            @unknown default:
                return "invalid YAML"
            }
        }
        if let error = error as? TopologyError { return error.message }
        return String(describing: error)
    }
}

extension TopologySettings.QueueOverrides {
    /// These values, replaced by every value `other` sets.
    public func overridden(by other: Self?) -> Self {
        guard let other else { return self }
        return Self(
            type: other.type ?? self.type,
            deliveryLimit: other.deliveryLimit ?? self.deliveryLimit,
            prefetch: other.prefetch ?? self.prefetch,
            retryLevels: other.retryLevels ?? self.retryLevels,
            instances: other.instances ?? self.instances
        )
    }
}

extension DelayLevel {
    static let fiveSeconds = DelayLevel(known: "5s", milliseconds: 5_000)
    static let oneMinute = DelayLevel(known: "1m", milliseconds: 60_000)
    static let tenMinutes = DelayLevel(known: "10m", milliseconds: 600_000)

    private init(known name: String, milliseconds: Int) {
        self.name = name
        self.milliseconds = milliseconds
    }
}

/// The YAML as written: every field optional.
private struct RawSettings: Decodable {
    struct Parking: Decodable {
        var type: TopologySettings.QueueType?
    }

    var vhost: String?
    var userPrefix: String?
    var policyPriority: Int?
    var unroutable: String?
    var parkingQueues: Parking?
    var consumerQueues: TopologySettings.QueueOverrides?
    var partners: [String]?
    var bridges: [String: PartnerBridgeSettings]?
    var services: [String: TopologySettings.QueueOverrides]?
    var queues: [String: TopologySettings.QueueOverrides]?
}
