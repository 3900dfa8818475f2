import Foundation
import Hummingbird
import ServiceRuntime

/// The service's HTTP routes on its listener: subscriptions, delivery status, one-click unsubscribe.
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

    private func createSubscription(_ request: Request) async throws -> EditedResponse<String> {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let subscriptionRequest: SubscriptionRequest
        do {
            subscriptionRequest = try JSONDecoder().decode(SubscriptionRequest.self, from: Data(body.readableBytesView))
            try subscriptionRequest.validate()
        } catch let error as NotificationsError {
            return try HTTPAnswers.error(error)
        } catch {
            return try HTTPAnswers.error(HTTPAnswers.decodingError(error))
        }
        var normalised = subscriptionRequest
        normalised.digestHour = normalised.digestHour ?? self.settings.digestHour
        let input = normalised
        let (subscription, token) = try await self.host.withTransaction { transaction in
            try await SubscriptionStore.create(input, in: transaction)
        }
        let base = try await self.publicURL()
        return try HTTPAnswers.json(Created(subscription: subscription, unsubscribeUrl: "\(base)/u/\(token)"), status: .created)
    }

    private func listSubscriptions(_ request: Request) async throws -> EditedResponse<String> {
        guard let email = request.uri.queryParameters.get("email"), !email.isEmpty else {
            return try HTTPAnswers.error(NotificationsError(.invalidRequest, field: "email", rule: "required", "give ?email="))
        }
        let subscriptions = try await self.host.withTransaction { transaction in
            try await SubscriptionStore.list(email: email, in: transaction)
        }
        return try HTTPAnswers.json(subscriptions)
    }

    private func listNotifications(_ request: Request) async throws -> EditedResponse<String> {
        let tenderID = request.uri.queryParameters.get("tenderId")
        let recipient = request.uri.queryParameters.get("recipient")
        guard tenderID != nil || recipient != nil else {
            return try HTTPAnswers.error(
                NotificationsError(.invalidRequest, field: "tenderId", rule: "tenderId or recipient required", "give a filter"))
        }
        if let tenderID, UUID(uuidString: tenderID) == nil {
            return try HTTPAnswers.error(NotificationsError(.invalidRequest, field: "tenderId", rule: "format uuid", "not a UUID"))
        }
        let list = try await self.host.withTransaction { transaction in
            try await NotificationStatus.list(tenderID: tenderID, recipient: recipient, in: transaction)
        }
        return try HTTPAnswers.json(list)
    }

    private func notification(_ id: String) async throws -> EditedResponse<String> {
        guard UUID(uuidString: id) != nil else {
            return try HTTPAnswers.error(NotificationsError(.invalidRequest, field: "id", rule: "format uuid", "not a UUID"))
        }
        let found = try await self.host.withTransaction { transaction in
            try await NotificationStatus.find(id: id, in: transaction)
        }
        guard let found else {
            return try HTTPAnswers.error(NotificationsError(.notFound, field: "id", "no such notification"), status: .notFound)
        }
        return try HTTPAnswers.json(found)
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
