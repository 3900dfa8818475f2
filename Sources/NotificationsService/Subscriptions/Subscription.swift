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
    /// When the subscriber unsubscribed; `nil` while active.
    public var unsubscribedAt: Date?
}
