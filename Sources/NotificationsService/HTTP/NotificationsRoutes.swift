import Foundation
import Hummingbird
import Identity
import NotificationsContracts
import ServiceRuntime

/// The service's HTTP routes on its listener, each declared with its ``RouteRule`` (who may call it, what
/// they see): subscriptions with double opt-in, delivery status, one-click unsubscribe. Errors are
/// ``ServiceProblem``s, answered as `application/problem+json` by the runtime's request middleware.
///
/// Delivery statuses name who received what (a bid receipt before the deadline says who is competing), and
/// subscriptions are personal data: every read needs a token and passes a per-object check.
struct NotificationsRoutes: Sendable {
    let host: ServiceHost
    let settings: NotificationsSettings
    /// The per-client limit of subscription requests that send a confirmation mail.
    let signups: RateLimiter

    static let smallBody = 4096

    func add(to routes: ServiceRoutes) {
        routes.post(
            "/subscriptions",
            .optionalToken(
                "anyone (rate-limited): the subscription waits for the confirmation link mailed to its address; "
                    + "with a token whose e-mail is the subscription's, it is active at once",
                sees: "the subscription created (pending or active); its unsubscribe link only when active at once",
                bodyLimit: 64 * 1024)
        ) { request, _, access in try await self.createSubscription(request, access) }

        routes.get(
            "/subscriptions",
            .token("the owner of the address (the token's e-mail), operators",
                   sees: "the address's subscriptions: filters, mode, state (pending, active, unsubscribed)")
        ) { request, _, access in try await self.listSubscriptions(request, access) }

        routes.get(
            "/notifications",
            .token(
                "with ?tenderId=: agents of the tender's buyer SIREN; with ?recipient=: that recipient (the token's "
                    + "e-mail); operators",
                sees: "the delivery status of those notices (template, recipient, status, attempts, last error), never the body")
        ) { request, _, access in try await self.listNotifications(request, access) }

        routes.get(
            "/notifications/:id",
            .token(
                "its recipient (the token's e-mail), agents of its tender's buyer SIREN, operators",
                sees: "the delivery status of that notice, never the body; anyone else gets the 404 of a missing one")
        ) { _, context, access in try await self.notification(context.parameters.get("id") ?? "", access) }

        ConfirmationRoutes(host: self.host).add(to: routes)
        UnsubscribeRoutes(host: self.host).add(to: routes)
    }

    // MARK: Subscriptions

    private func createSubscription(_ request: Request, _ access: Access) async throws -> Response {
        var subscriptionRequest = try await ServiceHTTP.decode(SubscriptionRequest.self, from: request, limit: 64 * 1024)
        try subscriptionRequest.validate()
        subscriptionRequest.digestHour = subscriptionRequest.digestHour ?? self.settings.digestHour
        let input = subscriptionRequest
        // The address is proven when the caller's verified token carries it: no confirmation needed.
        let proven = access.caller?.owns(email: EmailAddress.normalise(input.email)) == true
        if !proven {
            try self.limitSignups(access)
        }
        let settings = self.settings
        let (subscription, token) = try await self.host.withTransaction { transaction in
            if !proven {
                let recent = try await SubscriptionStore.recentConfirmations(email: input.email, in: transaction)
                guard recent < settings.confirmationsPerAddressPerDay else {
                    throw ServiceProblem(
                        .rateLimited, code: "tooManyConfirmations", field: "email",
                        rule: "at most \(settings.confirmationsPerAddressPerDay) confirmation mails per address per day",
                        "too many subscription requests for this address today")
                }
            }
            let (subscription, token) = try await SubscriptionStore.create(input, confirmed: proven, in: transaction)
            if !proven {
                let days = max(1, Int(settings.confirmationTTL.components.seconds / 86_400))
                let draft = NoticeDraft(
                    notice: SubscriptionTemplates.confirmation(subscription, validDays: days), recipient: subscription.email,
                    recipientName: subscription.name,
                    related: RelatedTo(service: .notifications, aggregateType: "subscription", aggregateId: subscription.id),
                    tenderID: nil, subscriptionID: subscription.id, sourceEventID: "subscription:\(subscription.id)",
                    sourceEventType: nil)
                try await NotificationStore.queue(draft, in: transaction)
            }
            return (subscription, token)
        }
        guard proven else {
            return try ServiceHTTP.json(Created(subscription: subscription, unsubscribeUrl: nil), status: .accepted)
        }
        let base = try await self.publicURL()
        return try ServiceHTTP.json(Created(subscription: subscription, unsubscribeUrl: "\(base)/u/\(token)"), status: .created)
    }

    /// Each request that mails an unproven address takes a token from the caller's bucket: the client address
    /// when anonymous, the token's subject otherwise.
    private func limitSignups(_ access: Access) throws {
        let client = access.caller.map { "subject:\($0.subject)" } ?? "address:\(access.clientAddress)"
        guard let wait = self.signups.take(client) else { return }
        let limit = self.signups.settings
        let interval = Int((1 / limit.perSecond).rounded())
        throw ServiceProblem(
            .rateLimited, code: "rateLimited",
            rule: "at most \(Int(limit.burst)) subscription requests at once per client, then one every \(interval) s",
            "too many subscription requests; retry in \(Int(wait.rounded(.up))) s")
    }

    private func listSubscriptions(_ request: Request, _ access: Access) async throws -> Response {
        let caller = try access.requireCaller()
        guard let email = request.query("email") else {
            throw ServiceProblem(.invalid, field: "email", rule: "required", "give ?email=")
        }
        guard caller.isOperator || caller.owns(email: EmailAddress.normalise(email)) else {
            throw ServiceProblem(
                .forbidden, code: "forbidden", field: "email", rule: "the token's e-mail is this address, or operators",
                "the caller may not list this address's subscriptions")
        }
        let subscriptions = try await self.host.withTransaction { transaction in
            try await SubscriptionStore.list(email: email, in: transaction)
        }
        return try ServiceHTTP.json(subscriptions)
    }

    // MARK: Delivery status

    private func listNotifications(_ request: Request, _ access: Access) async throws -> Response {
        let caller = try access.requireCaller()
        let tenderID = request.query("tenderId")
        let recipient = request.query("recipient")
        guard tenderID != nil || recipient != nil else {
            throw ServiceProblem(.invalid, field: "tenderId", rule: "tenderId or recipient required", "give a filter")
        }
        if let tenderID, UUID(uuidString: tenderID) == nil {
            throw ServiceProblem(.invalid, field: "tenderId", rule: "format uuid", "not a UUID")
        }
        let list = try await self.host.withTransaction { transaction in
            // The recipient filter narrows to the caller's own notices; the tender filter to the buyer's.
            var allowed = caller.isOperator || recipient.map { caller.owns(email: EmailAddress.normalise($0)) } == true
            if !allowed, let tenderID, let buyer = try await NotificationStore.buyerSiret(tenderID, in: transaction) {
                allowed = caller.actsFor(body: buyer)
            }
            guard allowed else {
                throw ServiceProblem(
                    .forbidden, code: "forbidden", field: tenderID != nil ? "tenderId" : "recipient",
                    rule: "agents of the tender's buyer SIREN (tenderId), the recipient itself (recipient), or operators",
                    "the caller may not see these notices")
            }
            return try await NotificationStatus.list(tenderID: tenderID, recipient: recipient, in: transaction)
        }
        return try ServiceHTTP.json(list)
    }

    private func notification(_ id: String, _ access: Access) async throws -> Response {
        let caller = try access.requireCaller()
        guard UUID(uuidString: id) != nil else {
            throw ServiceProblem(.invalid, field: "id", rule: "format uuid", "not a UUID")
        }
        let found = try await self.host.withTransaction { transaction -> NotificationStatus? in
            guard let status = try await NotificationStatus.find(id: id, in: transaction) else { return nil }
            if caller.isOperator || caller.owns(email: status.recipient) { return status }
            if let tenderID = status.tenderId, let buyer = try await NotificationStore.buyerSiret(tenderID, in: transaction),
                caller.actsFor(body: buyer)
            {
                return status
            }
            return nil
        }
        // The same answer whether the notice does not exist or is someone else's: no probing.
        guard let found else {
            throw ServiceProblem(
                .notFound, code: "notificationNotFound", field: "id", rule: "a notice you may see", "no such notification")
        }
        return try ServiceHTTP.json(found)
    }

    private func publicURL() async throws -> String {
        if let url = self.settings.publicURL { return url }
        return "http://127.0.0.1:\(try await self.host.httpPort())"
    }

    struct Created: Encodable {
        var subscription: Subscription
        /// Only for a subscription active at once; a pending one gets its links by mail once confirmed.
        var unsubscribeUrl: String?
    }
}
