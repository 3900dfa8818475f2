import Crypto
import Foundation
import ServiceRuntime
import Storage

/// The statements on `subscriptions`, `unsubscribe_tokens` and `confirmation_tokens`.
enum SubscriptionStore {
    static let columns = """
        subscription_id::text, email, recipient_name, category, cpv_prefixes, departements, buyer_sirets, procedures,
        keywords, mode, digest_hour, created_at, unsubscribed_at, confirmed_at
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
            confirmedAt: try row.decode(Date?.self, at: 13), unsubscribedAt: try row.decode(Date?.self, at: 12))
    }

    /// The active subscriptions of a category: confirmed (double opt-in) and not unsubscribed. A pending
    /// subscription is never matched.
    static func active(category: String, in transaction: ServiceTransaction) async throws -> [Subscription] {
        let rows = try await transaction.query(
            """
            SELECT \(unescaped: columns) FROM subscriptions
            WHERE category = \(category) AND unsubscribed_at IS NULL AND confirmed_at IS NOT NULL
            """)
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
    ///
    /// - Parameter confirmed: Whether the address is proven already (the caller's token carries it): then the
    ///   subscription is active at once; otherwise it is pending until its confirmation link is followed.
    static func create(
        _ request: SubscriptionRequest, confirmed: Bool, in transaction: ServiceTransaction
    ) async throws -> (Subscription, String) {
        let id = UUID().uuidString.lowercased()
        let filters = request.normalisedFilters
        let rows = try await transaction.query(
            """
            INSERT INTO subscriptions (subscription_id, email, recipient_name, category, cpv_prefixes, departements,
                buyer_sirets, procedures, keywords, mode, digest_hour, confirmed_at)
            VALUES (\(id)::uuid, \(EmailAddress.normalise(request.email)), \(request.name), \(request.category ?? "tender-alerts"),
                    \(filters.cpvPrefixes), \(filters.departements), \(filters.buyerSirets), \(filters.procedures),
                    \(filters.keywords), \(request.mode ?? Subscription.Mode.immediate.rawValue),
                    \(Int32(request.digestHour ?? 8)), CASE WHEN \(confirmed)::boolean THEN now() END)
            RETURNING \(unescaped: columns)
            """)
        let token = try await self.issueToken(subscriptionID: id, in: transaction)
        return (try Self.decode(rows[0]), token)
    }

    /// How many confirmation mails were queued for an address in the last 24 hours.
    static func recentConfirmations(email: String, in transaction: ServiceTransaction) async throws -> Int {
        let rows = try await transaction.query(
            """
            SELECT count(*) FROM notifications
            WHERE recipient_email = \(EmailAddress.normalise(email)) AND template = \(SubscriptionTemplates.confirmationTemplate)
              AND created_at > now() - interval '1 day'
            """)
        return Int(try rows[0].decode(Int64.self, at: 0))
    }

    /// Issues a confirmation token for a pending subscription: 32 random bytes, base64url, valid for `ttl`;
    /// only its SHA-256 is stored. Called when the confirmation mail is sent, so the mail's row never holds
    /// a usable token.
    static func issueConfirmationToken(
        subscriptionID: String, ttl: Duration, in transaction: ServiceTransaction
    ) async throws -> String {
        let token = Self.randomToken()
        let millis = Int64(ttl.components.seconds * 1000 + ttl.components.attoseconds / 1_000_000_000_000_000)
        try await transaction.execute(
            """
            INSERT INTO confirmation_tokens (token_hash, subscription_id, expires_at)
            VALUES (\(Hashing.sha256Hex(token)), \(subscriptionID)::uuid, now() + \(millis) * interval '1 millisecond')
            """)
        return token
    }

    /// The subscription an unexpired confirmation token belongs to.
    static func subscription(confirmationToken token: String, in transaction: ServiceTransaction) async throws -> Subscription? {
        guard Self.isTokenShaped(token) else { return nil }
        let rows = try await transaction.query(
            """
            SELECT \(unescaped: columns) FROM subscriptions WHERE subscription_id =
                (SELECT subscription_id FROM confirmation_tokens
                 WHERE token_hash = \(Hashing.sha256Hex(token)) AND expires_at > now())
            """)
        return try rows.first.map(Self.decode)
    }

    /// Confirms the subscription of an unexpired token (`confirmed_at` kept when already set: confirming
    /// twice is harmless, and an unsubscribed subscription stays unsubscribed). `nil` for an unknown or
    /// expired token.
    static func confirm(token: String, in transaction: ServiceTransaction) async throws -> Subscription? {
        guard Self.isTokenShaped(token) else { return nil }
        let rows = try await transaction.query(
            """
            UPDATE subscriptions SET confirmed_at = coalesce(confirmed_at, now())
            WHERE subscription_id = (SELECT subscription_id FROM confirmation_tokens
                                     WHERE token_hash = \(Hashing.sha256Hex(token)) AND expires_at > now())
            RETURNING \(unescaped: columns)
            """)
        return try rows.first.map(Self.decode)
    }

    /// Forgets what nobody can confirm any more: pending subscriptions older than `ttl` with no unexpired
    /// token (their address was never proven, so it is not kept), and tokens expired for a day.
    @discardableResult
    static func purgeUnconfirmed(ttl: Duration, in transaction: ServiceTransaction) async throws -> Int {
        let millis = Int64(ttl.components.seconds * 1000)
        let removed = try await transaction.execute(
            """
            DELETE FROM subscriptions s
            WHERE s.confirmed_at IS NULL AND s.created_at < now() - \(millis) * interval '1 millisecond'
              AND NOT EXISTS (SELECT 1 FROM confirmation_tokens t
                              WHERE t.subscription_id = s.subscription_id AND t.expires_at > now())
            """)
        try await transaction.execute("DELETE FROM confirmation_tokens WHERE expires_at < now() - interval '1 day'")
        return removed
    }

    /// A token as this service issues them: 43 base64url characters. Anything else is unknown without a query.
    static func isTokenShaped(_ token: String) -> Bool {
        token.utf8.count == 43
            && token.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F
            }
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
