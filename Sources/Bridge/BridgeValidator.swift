import Contracts
import Foundation
import JSONSchema
import Messaging

/// Checks a message at the boundary against the partner's contract, in either direction, before it crosses:
/// size, CloudEvents envelope (either header binding), a type the route allows, JSON content, the payload
/// schema and the business key.
public struct BridgeValidator: Sendable {
    /// A message that passed, with what forwarding needs.
    public struct Accepted: Sendable {
        public var event: CloudEvent
        public var lane: BridgeRoute.Lane
        /// The values of the lane's business key, when it has one.
        public var businessKey: [String]?
    }

    public let route: BridgeRoute
    /// 255 (an AMQP short string) minus the length of `cloudEvents_`.
    static let maxAttributeNameBytes = 255 - CloudEventsHeaderBinding.amqp.prefix.utf8.count
    private let schemas: ContractSchemas
    private let limits: [String: Int]

    /// - Parameters:
    ///   - route: What the direction allows.
    ///   - hub: The contracts (the schemas are compiled once here).
    ///   - schemas: Already compiled schemas, to share them between directions.
    public init(route: BridgeRoute, hub: ContractHub, schemas: ContractSchemas? = nil) {
        self.route = route
        self.schemas = schemas ?? ContractSchemas(hub: hub)
        self.limits = hub.messages.mapValues(\.maxBodyBytes)
    }

    /// Checks one message.
    public func check(properties: AMQPProperties, body: [UInt8]) -> Result<Accepted, BridgeRefusal> {
        let declaredType = properties.type ?? Self.header("type", in: properties)
        let limit = declaredType.flatMap { self.limits[$0] } ?? MessageContract.defaultMaxBodyBytes
        guard body.count <= limit else {
            return .failure(BridgeRefusal(
                field: "body", rule: "maxBodyBytes", message: "is \(body.count) bytes; at most \(limit) allowed"))
        }
        let event: CloudEvent
        do {
            event = try CloudEventAMQPMapping.event(properties: properties, body: body)
        } catch {
            return .failure(BridgeRefusal(field: "cloudEvents.\(error.attribute)", rule: "cloudEvents", message: error.message))
        }
        // An AMQP header name is at most 255 bytes: an extension whose name would not fit under the longer
        // prefix (`cloudEvents_`) cannot cross to a side that speaks the other binding.
        if let long = event.extensions.keys.first(where: { $0.utf8.count > Self.maxAttributeNameBytes }) {
            return .failure(BridgeRefusal(
                field: "cloudEvents.\(long.prefix(32))…", rule: "headerName",
                message: "an attribute name is at most \(Self.maxAttributeNameBytes) bytes, so that cloudEvents_<name> fits an AMQP header name"))
        }
        guard let lane = self.route.lanes[event.type] else {
            let allowed = self.route.lanes.keys.sorted().joined(separator: ", ")
            return .failure(BridgeRefusal(
                field: "type", rule: "contract",
                message: "\(event.type) does not travel \(self.route.direction.rawValue) to or from \(self.route.partner) (allowed: \(allowed))"))
        }
        if let contentType = event.datacontenttype, !contentType.lowercased().hasPrefix("application/json") {
            return .failure(BridgeRefusal(
                field: "cloudEvents.datacontenttype", rule: "datacontenttype", message: "must be application/json, got \(contentType)"))
        }
        let payload: JSONValue
        do {
            payload = try JSONValue(parsing: body)
        } catch {
            return .failure(BridgeRefusal(field: "data", rule: "json", message: "is not JSON: \(error)"))
        }
        if let result = self.schemas.validate(payload, as: lane.type), !result.isValid, let first = result.errors.first {
            return .failure(BridgeRefusal(
                field: "data" + first.instanceLocation, rule: first.keyword, message: first.message))
        }
        var key: [String]?
        if !lane.businessKey.isEmpty {
            var values: [String] = []
            for pointer in lane.businessKey {
                guard let value = Self.value(at: pointer, in: payload) else {
                    return .failure(BridgeRefusal(
                        field: "data" + pointer, rule: "businessKey", message: "is the business key of \(lane.type) and must be present"))
                }
                values.append(value)
            }
            key = values
        }
        return .success(Accepted(event: event, lane: lane, businessKey: key))
    }

    private static func header(_ attribute: String, in properties: AMQPProperties) -> String? {
        for prefix in CloudEventAMQPMapping.acceptedPrefixes {
            if let value = properties.headers[prefix + attribute]?.stringValue { return value }
        }
        return nil
    }

    /// The value at a JSON pointer, as text (a string as is, anything else as compact JSON).
    static func value(at pointer: String, in payload: JSONValue) -> String? {
        var current = payload
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let object):
                guard let next = object[name] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(name), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        if case .null = current { return nil }
        return current.stringValue ?? current.jsonString()
    }
}
