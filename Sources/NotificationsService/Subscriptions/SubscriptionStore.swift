import Crypto
import Foundation
import ServiceRuntime
import Storage

/// The statements on `subscriptions` and `unsubscribe_tokens`.
enum SubscriptionStore {
    static let columns = """
        subscription_id::text, email, recipient_name, category, cpv_prefixes, departements, buyer_sirets, procedures,
        keywords, mode, digest_hour, created_at, unsubscribed_at
        """

    static func decode(_ row: PostgresRow) throws -> Subscription {
        let (id, email, name, category, cpv, departements, buyers, procedures, keywords) =
            try row.decode((String, String, String?, String, [String], [String], [String], [String], [String]).self)
        return Subscription(
            id: id, email: email, name: name, category: category,
            filters: SubscriptionFilters(
                cpvPrefixes: cpv, departements: departements, buyerSirets: buyers, procedures: procedures,
                keywords: keywords),
            mode: Subscription.Mode(rawValue: try row.decode(String.self, at: 9)) ?? .immediate,
            digestHour: Int(try row.decode(Int32.self, at: 10)), createdAt: try row.decode(Date.self, at: 11),
            unsubscribedAt: try row.decode(Date?.self, at: 12))
    }

    /// The active subscriptions of a category.
    static func active(category: String, in transaction: ServiceTransaction) async throws -> [Subscription] {
        let rows = try await transaction.query(
            "SELECT \(unescaped: columns) FROM subscriptions WHERE category = \(category) AND unsubscribed_at IS NULL")
        return try rows.map(Self.decode)
    }

    /// The subscriptions of an address, newest first.
    static func list(email: String, in transaction: ServiceTransaction) async throws -> [Subscription] {
        let rows = try await transaction.query(
            """
            SELECT \(unescaped: columns) FROM subscriptions WHERE email = \(EmailAddress.normalise(email))
            ORDER BY created_at DESC
            """)
        return try rows.map(Self.decode)
    }

    /// Stores a subscription and returns it with a fresh unsubscribe token.
    static func create(_ request: SubscriptionRequest, in transaction: ServiceTransaction) async throws -> (Subscription, String) {
        let id = UUID().uuidString.lowercased()
        let filters = request.normalisedFilters
        let rows = try await transaction.query(
            """
            INSERT INTO subscriptions (subscription_id, email, recipient_name, category, cpv_prefixes, departements,
                buyer_sirets, procedures, keywords, mode, digest_hour)
            VALUES (\(id)::uuid, \(EmailAddress.normalise(request.email)), \(request.name), \(request.category ?? "tender-alerts"),
                    \(filters.cpvPrefixes), \(filters.departements), \(filters.buyerSirets), \(filters.procedures),
                    \(filters.keywords), \(request.mode ?? Subscription.Mode.immediate.rawValue),
                    \(Int32(request.digestHour ?? 8)))
            RETURNING \(unescaped: columns)
            """)
        let token = try await self.issueToken(subscriptionID: id, in: transaction)
        return (try Self.decode(rows[0]), token)
    }

    /// Issues an unsubscribe token for a subscription: 32 random bytes, base64url; only its SHA-256 is stored.
    static func issueToken(subscriptionID: String, in transaction: ServiceTransaction) async throws -> String {
        let token = Self.randomToken()
        try await transaction.execute(
            "INSERT INTO unsubscribe_tokens (token_hash, subscription_id) VALUES (\(Hashing.sha256Hex(token)), \(subscriptionID)::uuid)")
        return token
    }

    /// The subscription a token belongs to.
    static func subscription(token: String, in transaction: ServiceTransaction) async throws -> Subscription? {
        let rows = try await transaction.query(
            """
            SELECT \(unescaped: columns) FROM subscriptions WHERE subscription_id =
                (SELECT subscription_id FROM unsubscribe_tokens WHERE token_hash = \(Hashing.sha256Hex(token)))
            """)
        return try rows.first.map(Self.decode)
    }

    /// Sets `unsubscribedAt` (kept when already set). Returns `false` for an unknown token.
    static func unsubscribe(token: String, in transaction: ServiceTransaction) async throws -> Bool {
        let count = try await transaction.execute(
            """
            UPDATE subscriptions SET unsubscribed_at = coalesce(unsubscribed_at, now())
            WHERE subscription_id = (SELECT subscription_id FROM unsubscribe_tokens WHERE token_hash = \(Hashing.sha256Hex(token)))
            """)
        return count > 0
    }

    static func randomToken() -> String {
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
