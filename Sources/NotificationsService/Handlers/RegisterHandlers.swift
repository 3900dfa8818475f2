import Messaging
import Logging
import NotificationsContracts
import ProcurementContracts
import ServiceRuntime
import Storage

/// The recipient register of each tender (domain §2.4, §6.3): identified downloaders and bidders, who get
/// every mandatory notice of that tender. A bid also sends the depositor its receipt.
struct RegisterHandlers: Sendable {
    let templates: ProcurementTemplates

    func documentDownloaded(_ download: TenderDocumentDownloaded, _ context: HandlerContext) async throws {
        guard let who = download.identified else { return }  // anonymous download: nobody to register
        try await context.transaction.execute(
            """
            INSERT INTO recipient_register (tender_id, kind, entry_id, email, name, company, siret, registered_at)
            VALUES (\(download.tenderId)::uuid, 'downloader', \(download.downloadId)::uuid,
                    \(EmailAddress.normalise(who.email)), \(who.contactName), \(who.company), \(who.siret),
                    \(download.downloadedAt))
            ON CONFLICT DO NOTHING
            """)
    }

    func bidReceived(_ bid: BidReceived, _ context: HandlerContext) async throws {
        let transaction = context.transaction
        try await transaction.execute(
            """
            INSERT INTO recipient_register (tender_id, kind, entry_id, email, name, siret, bid_id, registered_at)
            VALUES (\(bid.tenderId)::uuid, 'bidder', \(bid.bidId)::uuid, \(EmailAddress.normalise(bid.depositor.email)),
                    \(bid.depositor.contactName), \(bid.bidderSiret), \(bid.bidId)::uuid, \(bid.receivedAt))
            ON CONFLICT DO NOTHING
            """)
        let tender = try await NotificationStore.tenderLabel(bid.tenderId, in: transaction)
        let draft = NoticeDraft(
            notice: self.templates.bidReceipt(bid, tender: tender), recipient: bid.depositor.email,
            recipientName: bid.depositor.contactName,
            related: RelatedTo(service: .procurement, aggregateType: "tender", aggregateId: bid.tenderId, reference: bid.bidId),
            tenderID: bid.tenderId, sourceEventID: context.event.id, sourceEventType: BidReceived.messageType)
        try await NotificationStore.queue(draft, in: transaction)
    }
}
