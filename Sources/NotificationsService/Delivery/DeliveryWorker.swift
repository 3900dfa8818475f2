import Foundation
import Logging
import Mailer
import NotificationsContracts
import ServiceRuntime
import Storage

/// Sends the queued notices: claims due rows (`FOR UPDATE SKIP LOCKED`, so instances share the work),
/// marks them `sending` and commits, sends each through the ``MailTransport`` with its stable `Message-ID`,
/// then records the outcome in one transaction with the events it publishes. Wakes on `NOTIFY` from the
/// handlers, or polls.
struct DeliveryWorker: Sendable {
    let settings: NotificationsSettings
    let transport: any MailTransport
    let logger: Logger

    var composer: MailComposer { MailComposer(from: self.settings.from, messageIDDomain: self.settings.messageIDDomain) }
    var schedule: RetrySchedule { RetrySchedule(pauses: self.settings.retrySchedule, jitter: self.settings.retryJitter) }

    /// The worker loop, until cancelled.
    func run(host: ServiceHost) async throws {
        let wake = WakeSignal()
        var configuration = host.configuration.postgres
        configuration.options.poolSize = 1
        let listener = PostgresClient(configuration: configuration, logger: self.logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await self.listen(listener, wake: wake) }
                group.addTask { try await self.deliverLoop(host: host, wake: wake) }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            await listener.close()
            throw error
        }
        await listener.close()
    }

    private func listen(_ client: PostgresClient, wake: WakeSignal) async {
        do {
            for try await _ in try await client.listen(channel: NotificationsSchema.wakeChannel) {
                wake.signal()
            }
        } catch {
            if !Task.isCancelled {
                self.logger.notice("no LISTEN wake-ups; polling only", metadata: ["error": "\(error)"])
            }
        }
        // Keep the group alive: the delivery loop decides when the worker ends.
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    private func deliverLoop(host: ServiceHost, wake: WakeSignal) async throws {
        let store = DeliveryStore(host: host)
        while !Task.isCancelled {
            let claimed = try await store.claim(limit: self.settings.batchSize, timeout: self.settings.sendingTimeout)
            for notice in claimed {
                try Task.checkCancellation()
                try await self.deliver(notice, host: host, store: store)
            }
            if claimed.count < self.settings.batchSize {
                await wake.wait(timeout: self.settings.pollInterval)
            }
        }
    }

    /// Sends one claimed notice and records the outcome.
    func deliver(_ notice: ClaimedNotice, host: ServiceHost, store: DeliveryStore) async throws {
        if notice.channel == .inApp {
            // The row is the in-app inbox: stored, hence sent.
            try await store.recordSent(notice, at: Date(), providerMessageID: nil)
            return
        }
        var unsubscribeURL: String?
        var body = notice.body
        if !notice.mandatory {
            switch try await store.prepareOptional(notice, confirmationTTL: self.settings.confirmationTTL) {
            case .blocked(let reason):
                try await store.suppress(notice, reason: reason)
                return
            case .send(let token):
                if let token {
                    unsubscribeURL = try await self.publicURL(host) + "/u/" + token
                }
            case .sendConfirmation(let token):
                // The link is made now, so the stored body never holds a usable token.
                let link = try await self.publicURL(host) + "/subscriptions/confirm/" + token
                body = body.replacingOccurrences(of: SubscriptionTemplates.confirmationLinkPlaceholder, with: link)
            }
        }
        let message = self.composer.message(
            notificationID: notice.id, to: MailAddress(notice.recipient, name: notice.recipientName),
            subject: notice.subject, body: body, mandatory: notice.mandatory, unsubscribeURL: unsubscribeURL,
            calendar: notice.calendar)
        do {
            let receipt = try await self.transport.send(message)
            try await store.recordSent(notice, at: Date(), providerMessageID: receipt.messageID)
        } catch is CancellationError {
            throw CancellationError()  // left `sending`: sent again after the timeout
        } catch {
            let decision = DeliveryDecision.after(error, attempts: notice.attempts, schedule: self.schedule)
            self.logger.info(
                "send failed", metadata: ["notice": "\(notice.id)", "attempt": "\(notice.attempts)", "error": "\(error)"])
            try await store.recordFailure(notice, decision, at: Date())
        }
    }

    private func publicURL(_ host: ServiceHost) async throws -> String {
        if let url = self.settings.publicURL { return url }
        return "http://127.0.0.1:\(try await host.httpPort())"
    }
}
