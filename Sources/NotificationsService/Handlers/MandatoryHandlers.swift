import Messaging
import Foundation
import Logging
import NotificationsContracts
import ProcurementContracts
import ServiceRuntime
import Storage

/// Mandatory notices (domain §6.3): they ignore subscriptions and unsubscriptions and never carry an
/// unsubscribe header. Tender notices go to every register entry of the tender up to `asOf`, once per address.
struct MandatoryHandlers: Sendable {
    let templates: ProcurementTemplates

    func amended(_ event: TenderAmended, _ context: HandlerContext) async throws {
        let tender = try await NotificationStore.tenderLabel(event.tenderId, in: context.transaction)
        try await self.notifyRegister(
            event.mandatoryRecipients, notice: self.templates.amended(event, tender: tender), type: TenderAmended.messageType,
            context)
    }

    func answered(_ event: QuestionAnswered, _ context: HandlerContext) async throws {
        let tender = try await NotificationStore.tenderLabel(event.tenderId, in: context.transaction)
        try await self.notifyRegister(
            event.mandatoryRecipients, notice: self.templates.answered(event, tender: tender),
            type: QuestionAnswered.messageType, context)
    }

    func deadlineChanged(_ event: TenderDeadlineChanged, _ context: HandlerContext) async throws {
        let tender = try await NotificationStore.tenderLabel(event.tenderId, in: context.transaction)
        try await self.notifyRegister(
            event.mandatoryRecipients, notice: self.templates.deadlineChanged(event, tender: tender),
            type: TenderDeadlineChanged.messageType, context)
    }

    func cancelled(_ event: TenderCancelled, _ context: HandlerContext) async throws {
        let tender = try await NotificationStore.tenderLabel(event.tenderId, in: context.transaction)
        try await self.notifyRegister(
            event.mandatoryRecipients, notice: self.templates.cancelled(event, tender: tender),
            type: TenderCancelled.messageType, context)
    }

    /// One letter per entry, to the letter's address; each is reported with `notice.sent` once sent.
    func rejectionsIssued(_ event: AwardRejectionsIssued, _ context: HandlerContext) async throws {
        let tender = try await NotificationStore.tenderLabel(event.tenderId, in: context.transaction)
        for letter in event.letters {
            let draft = NoticeDraft(
                notice: self.templates.rejection(letter, event: event, tender: tender), recipient: letter.recipientEmail,
                recipientName: letter.bidder.name,
                related: RelatedTo(
                    service: .procurement, aggregateType: "tender", aggregateId: event.tenderId, reference: letter.letterId),
                tenderID: event.tenderId, sourceEventID: "\(context.event.id)#\(letter.letterId)",
                sourceEventType: AwardRejectionsIssued.messageType, reportSent: true)
            try await NotificationStore.queue(draft, in: context.transaction)
        }
    }

    /// The awardee, when its deposit is in the register.
    func awardDecided(_ event: AwardDecided, _ context: HandlerContext) async throws {
        let rows = try await context.transaction.query(
            """
            SELECT email, name FROM recipient_register
            WHERE kind = 'bidder' AND bid_id = \(event.awardee.bidId)::uuid AND tender_id = \(event.tenderId)::uuid
            """)
        guard let row = rows.first else {
            context.logger.info("awardee's deposit is not in the register; no award notice", metadata: ["tender": "\(event.tenderId)"])
            return
        }
        let (email, name) = try row.decode((String, String?).self)
        let tender = try await NotificationStore.tenderLabel(event.tenderId, in: context.transaction)
        let draft = NoticeDraft(
            notice: self.templates.awarded(event, tender: tender), recipient: email, recipientName: name,
            related: RelatedTo(service: .procurement, aggregateType: "tender", aggregateId: event.tenderId, reference: event.awardId),
            tenderID: event.tenderId, sourceEventID: context.event.id, sourceEventType: AwardDecided.messageType)
        try await NotificationStore.queue(draft, in: context.transaction)
    }

    /// The holder of a notified contract (domain §2.10), found in the register by its winning deposit as for
    /// the award notice. One notice per contract, whatever the event's id.
    func contractNotified(_ event: ContractNotified, _ context: HandlerContext) async throws {
        let rows = try await context.transaction.query(
            """
            SELECT email, name FROM recipient_register
            WHERE kind = 'bidder' AND bid_id = \(event.holder.bidId)::uuid AND tender_id = \(event.tenderId)::uuid
            """)
        guard let row = rows.first else {
            context.logger.info(
                "holder's deposit is not in the register; no contract notice",
                metadata: ["tender": "\(event.tenderId)", "contract": "\(event.contractId)"])
            return
        }
        let (email, name) = try row.decode((String, String?).self)
        let tender = try await NotificationStore.tenderLabel(event.tenderId, in: context.transaction)
        let draft = NoticeDraft(
            notice: self.templates.contractNotified(event, tender: tender), recipient: email, recipientName: name,
            related: RelatedTo(service: .procurement, aggregateType: "contract", aggregateId: event.contractId, reference: event.reference),
            tenderID: event.tenderId, sourceEventID: "\(ContractNotified.messageType)#\(event.contractId)",
            sourceEventType: ContractNotified.messageType)
        try await NotificationStore.queue(draft, in: context.transaction)
    }

    private func notifyRegister(
        _ recipients: MandatoryRecipients, notice: RenderedNotice, type: String, _ context: HandlerContext
    ) async throws {
        let rows = try await context.transaction.query(
            """
            SELECT DISTINCT ON (email) email, coalesce(name, company)
            FROM recipient_register
            WHERE tender_id = \(recipients.tenderId)::uuid AND registered_at <= \(recipients.asOf)
            ORDER BY email, registered_at
            """)
        for row in rows {
            let (email, name) = try row.decode((String, String?).self)
            let draft = NoticeDraft(
                notice: notice, recipient: email, recipientName: name,
                related: RelatedTo(service: .procurement, aggregateType: "tender", aggregateId: recipients.tenderId),
                tenderID: recipients.tenderId, sourceEventID: context.event.id, sourceEventType: type)
            try await NotificationStore.queue(draft, in: context.transaction)
        }
        // The event's counts are for reconciliation only: the register here is the source of the addresses.
        context.logger.debug(
            "mandatory notice",
            metadata: [
                "recipients": "\(rows.count)", "downloaders": "\(recipients.identifiedDownloaders)",
                "bidders": "\(recipients.bidders)",
            ])
    }
}
