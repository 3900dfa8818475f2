import Foundation
import Hummingbird
import ServiceRuntime

/// The service's HTTP routes on its listener: subscriptions, delivery status, one-click unsubscribe. Errors
/// are ``ServiceProblem``s, answered as `application/problem+json` by the runtime's request middleware.
struct NotificationsRoutes: Sendable {
    let host: ServiceHost
    let settings: NotificationsSettings

    func add(to router: Router<BasicRequestContext>) {
        router.post("/subscriptions") { request, _ in try await self.createSubscription(request) }
        router.get("/subscriptions") { request, _ in try await self.listSubscriptions(request) }
        router.get("/notifications") { request, _ in try await self.listNotifications(request) }
        router.get("/notifications/:id") { _, context in
            try await self.notification(context.parameters.get("id") ?? "")
        }
        let unsubscribe = UnsubscribeRoutes(host: self.host)
        router.post("/u/:token") { request, context in
            try await unsubscribe.oneClick(request, token: context.parameters.get("token") ?? "")
        }
        router.get("/u/:token") { _, context in try await unsubscribe.page(token: context.parameters.get("token") ?? "") }
    }

    private func createSubscription(_ request: Request) async throws -> Response {
        var subscriptionRequest = try await ServiceHTTP.decode(SubscriptionRequest.self, from: request, limit: 64 * 1024)
        try subscriptionRequest.validate()
        subscriptionRequest.digestHour = subscriptionRequest.digestHour ?? self.settings.digestHour
        let input = subscriptionRequest
        let (subscription, token) = try await self.host.withTransaction { transaction in
            try await SubscriptionStore.create(input, in: transaction)
        }
        let base = try await self.publicURL()
        return try ServiceHTTP.json(Created(subscription: subscription, unsubscribeUrl: "\(base)/u/\(token)"), status: .created)
    }

    private func listSubscriptions(_ request: Request) async throws -> Response {
        guard let email = request.query("email") else {
            throw ServiceProblem(.invalid, field: "email", rule: "required", "give ?email=")
        }
        let subscriptions = try await self.host.withTransaction { transaction in
            try await SubscriptionStore.list(email: email, in: transaction)
        }
        return try ServiceHTTP.json(subscriptions)
    }

    private func listNotifications(_ request: Request) async throws -> Response {
        let tenderID = request.query("tenderId")
        let recipient = request.query("recipient")
        guard tenderID != nil || recipient != nil else {
            throw ServiceProblem(.invalid, field: "tenderId", rule: "tenderId or recipient required", "give a filter")
        }
        if let tenderID, UUID(uuidString: tenderID) == nil {
            throw ServiceProblem(.invalid, field: "tenderId", rule: "format uuid", "not a UUID")
        }
        let list = try await self.host.withTransaction { transaction in
            try await NotificationStatus.list(tenderID: tenderID, recipient: recipient, in: transaction)
        }
        return try ServiceHTTP.json(list)
    }

    private func notification(_ id: String) async throws -> Response {
        guard UUID(uuidString: id) != nil else {
            throw ServiceProblem(.invalid, field: "id", rule: "format uuid", "not a UUID")
        }
        let found = try await self.host.withTransaction { transaction in
            try await NotificationStatus.find(id: id, in: transaction)
        }
        guard let found else {
            throw ServiceProblem(.notFound, field: "id", "no such notification")
        }
        return try ServiceHTTP.json(found)
    }

    private func publicURL() async throws -> String {
        if let url = self.settings.publicURL { return url }
        return "http://127.0.0.1:\(try await self.host.httpPort())"
    }

    struct Created: Encodable {
        var subscription: Subscription
        var unsubscribeUrl: String
    }
}
