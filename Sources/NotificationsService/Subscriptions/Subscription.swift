public import Foundation

/// A tender-alert subscription (domain §6.1).
public struct Subscription: Sendable, Codable, Hashable {
    /// How alerts reach the subscriber.
    public enum Mode: String, Sendable, Codable, Hashable {
        /// One mail per matching tender.
        case immediate
        /// One mail a day at the digest hour (Europe/Paris).
        case dailyDigest
    }

    /// Subscription id.
    public var id: String
    /// The subscriber's address (lower-cased).
    public var email: String
    /// The subscriber's name.
    public var name: String?
    /// The preference category (`tender-alerts`).
    public var category: String
    /// The filters.
    public var filters: SubscriptionFilters
    /// Immediate or daily digest.
    public var mode: Mode
    /// The hour of the daily digest, 0–23, Europe/Paris.
    public var digestHour: Int
    /// When it was created.
    public var createdAt: Date
    /// When the address was confirmed (double opt-in); `nil` while pending: a pending subscription gets no
    /// alert and no digest.
    public var confirmedAt: Date?
    /// When the subscriber unsubscribed; `nil` while active.
    public var unsubscribedAt: Date?

    /// `pending` (waiting for its confirmation), `active` or `unsubscribed`.
    public var state: String {
        if self.unsubscribedAt != nil { return "unsubscribed" }
        return self.confirmedAt == nil ? "pending" : "active"
    }

    private enum CodingKeys: String, CodingKey {
        case id, email, name, category, filters, mode, digestHour, createdAt, confirmedAt, unsubscribedAt, state
    }

    /// Creates a subscription value.
    public init(
        id: String, email: String, name: String?, category: String, filters: SubscriptionFilters, mode: Mode,
        digestHour: Int, createdAt: Date, confirmedAt: Date?, unsubscribedAt: Date?
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.category = category
        self.filters = filters
        self.mode = mode
        self.digestHour = digestHour
        self.createdAt = createdAt
        self.confirmedAt = confirmedAt
        self.unsubscribedAt = unsubscribedAt
    }

    /// Decodes a subscription (`state` is derived, so ignored).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.email = try container.decode(String.self, forKey: .email)
        self.name = try container.decodeIfPresent(String.self, forKey: .name)
        self.category = try container.decode(String.self, forKey: .category)
        self.filters = try container.decode(SubscriptionFilters.self, forKey: .filters)
        self.mode = try container.decode(Mode.self, forKey: .mode)
        self.digestHour = try container.decode(Int.self, forKey: .digestHour)
        self.createdAt = try container.decode(Date.self, forKey: .createdAt)
        self.confirmedAt = try container.decodeIfPresent(Date.self, forKey: .confirmedAt)
        self.unsubscribedAt = try container.decodeIfPresent(Date.self, forKey: .unsubscribedAt)
    }

    /// Encodes the subscription with its derived `state`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.email, forKey: .email)
        try container.encodeIfPresent(self.name, forKey: .name)
        try container.encode(self.category, forKey: .category)
        try container.encode(self.filters, forKey: .filters)
        try container.encode(self.mode, forKey: .mode)
        try container.encode(self.digestHour, forKey: .digestHour)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encodeIfPresent(self.confirmedAt, forKey: .confirmedAt)
        try container.encodeIfPresent(self.unsubscribedAt, forKey: .unsubscribedAt)
        try container.encode(self.state, forKey: .state)
    }
}
