import Messaging
import Logging
import Foundation
import NotificationsContracts
import ProcurementContracts
import ServiceRuntime
import Storage

/// `procurement.tender.published.v1`: remembers the tender for later notices (and its buyer's SIRET, whose
/// agents may read the tender's delivery statuses), then alerts the matching confirmed tender-alert
/// subscriptions: an immediate mail, or an item of the subscriber's daily digest. Pending subscriptions
/// (double opt-in not done) are not matched.
struct AlertHandlers: Sendable {
    let templates: ProcurementTemplates

    func tenderPublished(_ tender: TenderPublished, _ context: HandlerContext) async throws {
        let transaction = context.transaction
        try await transaction.execute(
            """
            INSERT INTO tenders (tender_id, reference, title, buyer_name, page_url, buyer_siret)
            VALUES (\(tender.tenderId)::uuid, \(tender.reference), \(tender.title), \(tender.buyer.name), \(tender.buyerProfileUrl),
                    \(tender.buyer.siret))
            ON CONFLICT (tender_id) DO UPDATE
            SET title = excluded.title, page_url = excluded.page_url, buyer_siret = excluded.buyer_siret
            """)
        let subscriptions = try await SubscriptionStore.active(category: "tender-alerts", in: transaction)
        let facts = tender.facts
        var immediate = 0
        var digested = 0
        for subscription in subscriptions where subscription.filters.matches(facts) {
            switch subscription.mode {
            case .immediate:
                let draft = NoticeDraft(
                    notice: self.templates.tenderAlert(tender), recipient: subscription.email,
                    recipientName: subscription.name,
                    related: RelatedTo(service: .procurement, aggregateType: "tender", aggregateId: tender.tenderId),
                    tenderID: tender.tenderId, subscriptionID: subscription.id, sourceEventID: context.event.id,
                    sourceEventType: TenderPublished.messageType)
                if case .queued = try await NotificationStore.queue(draft, in: transaction) { immediate += 1 }
            case .dailyDigest:
                digested += try await transaction.execute(
                    """
                    INSERT INTO digest_items (subscription_id, source_event_id, tender_id, line)
                    VALUES (\(subscription.id)::uuid, \(context.event.id), \(tender.tenderId)::uuid,
                            \(self.templates.digestLine(tender)))
                    ON CONFLICT (subscription_id, source_event_id) DO NOTHING
                    """)
            }
        }
        context.logger.debug("tender alerts", metadata: ["immediate": "\(immediate)", "digest": "\(digested)"])
    }
}
