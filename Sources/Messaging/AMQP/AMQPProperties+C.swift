internal import CRabbitMQ
import Foundation

/// The `_flags` bits of `amqp_basic_properties_t` (AMQP_BASIC_*_FLAG in amqp_framing.h).
enum BasicPropertyFlag {
    static let contentType: amqp_flags_t = 1 << 15
    static let contentEncoding: amqp_flags_t = 1 << 14
    static let headers: amqp_flags_t = 1 << 13
    static let deliveryMode: amqp_flags_t = 1 << 12
    static let priority: amqp_flags_t = 1 << 11
    static let correlationID: amqp_flags_t = 1 << 10
    static let replyTo: amqp_flags_t = 1 << 9
    static let expiration: amqp_flags_t = 1 << 8
    static let messageID: amqp_flags_t = 1 << 7
    static let timestamp: amqp_flags_t = 1 << 6
    static let type: amqp_flags_t = 1 << 5
    static let userID: amqp_flags_t = 1 << 4
    static let appID: amqp_flags_t = 1 << 3
    static let clusterID: amqp_flags_t = 1 << 2
}

extension AMQPProperties {
    /// Builds the C properties, with every string copied into `arena`.
    func cProperties(in arena: CArena) -> amqp_basic_properties_t {
        var props = amqp_basic_properties_t()
        var flags: amqp_flags_t = 0
        func set(_ value: String?, _ flag: amqp_flags_t, _ assign: (amqp_bytes_t) -> Void) {
            if let value {
                assign(arena.bytes(value))
                flags |= flag
            }
        }
        set(self.contentType, BasicPropertyFlag.contentType) { props.content_type = $0 }
        set(self.contentEncoding, BasicPropertyFlag.contentEncoding) { props.content_encoding = $0 }
        if !self.headers.isEmpty {
            props.headers = arena.table(self.headers)
            flags |= BasicPropertyFlag.headers
        }
        if let mode = self.deliveryMode {
            props.delivery_mode = mode.rawValue
            flags |= BasicPropertyFlag.deliveryMode
        }
        if let priority = self.priority {
            props.priority = priority
            flags |= BasicPropertyFlag.priority
        }
        set(self.correlationID, BasicPropertyFlag.correlationID) { props.correlation_id = $0 }
        set(self.replyTo, BasicPropertyFlag.replyTo) { props.reply_to = $0 }
        set(self.expiration, BasicPropertyFlag.expiration) { props.expiration = $0 }
        set(self.messageID, BasicPropertyFlag.messageID) { props.message_id = $0 }
        if let timestamp = self.timestamp {
            props.timestamp = UInt64(max(0, timestamp.timeIntervalSince1970.rounded(.down)))
            flags |= BasicPropertyFlag.timestamp
        }
        set(self.type, BasicPropertyFlag.type) { props.type = $0 }
        set(self.userID, BasicPropertyFlag.userID) { props.user_id = $0 }
        set(self.appID, BasicPropertyFlag.appID) { props.app_id = $0 }
        set(self.clusterID, BasicPropertyFlag.clusterID) { props.cluster_id = $0 }
        props._flags = flags
        return props
    }

    /// Copies C properties into a Swift value.
    init(_ props: amqp_basic_properties_t) {
        let flags = props._flags
        func string(_ flag: amqp_flags_t, _ value: amqp_bytes_t) -> String? {
            flags & flag != 0 ? CDecode.string(value) : nil
        }
        self.init(deliveryMode: nil)
        self.contentType = string(BasicPropertyFlag.contentType, props.content_type)
        self.contentEncoding = string(BasicPropertyFlag.contentEncoding, props.content_encoding)
        if flags & BasicPropertyFlag.headers != 0 {
            self.headers = CDecode.table(props.headers)
        }
        if flags & BasicPropertyFlag.deliveryMode != 0 {
            self.deliveryMode = DeliveryMode(rawValue: props.delivery_mode)
        }
        if flags & BasicPropertyFlag.priority != 0 {
            self.priority = props.priority
        }
        self.correlationID = string(BasicPropertyFlag.correlationID, props.correlation_id)
        self.replyTo = string(BasicPropertyFlag.replyTo, props.reply_to)
        self.expiration = string(BasicPropertyFlag.expiration, props.expiration)
        self.messageID = string(BasicPropertyFlag.messageID, props.message_id)
        if flags & BasicPropertyFlag.timestamp != 0 {
            self.timestamp = Date(timeIntervalSince1970: TimeInterval(props.timestamp))
        }
        self.type = string(BasicPropertyFlag.type, props.type)
        self.userID = string(BasicPropertyFlag.userID, props.user_id)
        self.appID = string(BasicPropertyFlag.appID, props.app_id)
        self.clusterID = string(BasicPropertyFlag.clusterID, props.cluster_id)
    }
}
