import Foundation
import Logging
import NotificationsContracts
import ProcurementContracts
import ServiceRuntime
import Storage

/// Builds the daily digests (domain §6.2): at each subscription's digest hour (Europe/Paris), the items
/// queued before that hour become one notice, and the items are deleted in the same transaction. The
/// digest's idempotency key (recipient, subscription, period) makes a second build of the same period queue
/// nothing; the delivery worker sends the notice like any other.
struct DigestWorker: Sendable {
    let settings: NotificationsSettings
    let templates: ProcurementTemplates
    let logger: Logger

    /// The worker loop, until cancelled.
    func run(host: ServiceHost) async throws {
        while !Task.isCancelled {
            try await self.sweep(host: host, now: Date())
            try await self.purgeUnconfirmed(host: host)
            try await Task.sleep(for: self.settings.digestInterval)
        }
    }

    /// Builds every digest whose slot has come by `now`; returns how many notices were queued.
    @discardableResult
    func sweep(host: ServiceHost, now: Date) async throws -> Int {
        let pending = try await host.withTransaction { transaction in
            try await transaction.execute(
                """
                DELETE FROM digest_items WHERE subscription_id IN
                    (SELECT subscription_id FROM subscriptions WHERE unsubscribed_at IS NOT NULL OR confirmed_at IS NULL)
                """)
            let rows = try await transaction.query(
                """
                SELECT DISTINCT s.subscription_id::text, s.digest_hour
                FROM digest_items d JOIN subscriptions s USING (subscription_id)
                WHERE s.unsubscribed_at IS NULL AND s.confirmed_at IS NOT NULL AND s.mode = 'dailyDigest'
                """)
            return try rows.map { try $0.decode((String, Int32).self) }
        }
        var queued = 0
        for (subscriptionID, hour) in pending {
            let slot = DigestSlot.latest(atOrBefore: now, hour: Int(hour), timeZone: self.settings.timeZone)
            if try await self.build(subscriptionID: subscriptionID, slot: slot, host: host) { queued += 1 }
        }
        return queued
    }

    /// Forgets the pending subscriptions nobody can confirm any more (double opt-in never done).
    func purgeUnconfirmed(host: ServiceHost) async throws {
        let removed = try await host.withTransaction { transaction in
            try await SubscriptionStore.purgeUnconfirmed(ttl: self.settings.confirmationTTL, in: transaction)
        }
        if removed > 0 {
            self.logger.info("unconfirmed subscriptions forgotten", metadata: ["count": "\(removed)"])
        }
    }

    private func build(subscriptionID: String, slot: DigestSlot, host: ServiceHost) async throws -> Bool {
        try await host.withTransaction { transaction in
            let rows = try await transaction.query(
                """
                SELECT d.item_id, d.line, s.email, s.recipient_name
                FROM digest_items d JOIN subscriptions s USING (subscription_id)
                WHERE d.subscription_id = \(subscriptionID)::uuid AND d.queued_at < \(slot.start)
                ORDER BY d.item_id
                FOR UPDATE OF d
                """)
            guard let first = rows.first else { return false }
            let items = try rows.map { try $0.decode((Int64, String).self) }
            let (email, name) = (try first.decode(String.self, at: 2), try first.decode(String?.self, at: 3))
            let draft = NoticeDraft(
                notice: self.templates.digest(lines: items.map(\.1), day: slot.start), recipient: email,
                recipientName: name,
                related: RelatedTo(service: .notifications, aggregateType: "subscription", aggregateId: subscriptionID),
                tenderID: nil, subscriptionID: subscriptionID, sourceEventID: "digest:\(subscriptionID):\(slot.period)",
                sourceEventType: nil)
            let outcome = try await NotificationStore.queue(draft, in: transaction)
            if outcome == .duplicate {
                return false  // already built for this period: these late items wait for the next one
            }
            try await transaction.execute("DELETE FROM digest_items WHERE item_id = ANY(\(items.map(\.0)))")
            return outcome != .duplicate && !(outcome.isSuppressed)
        }
    }
}
