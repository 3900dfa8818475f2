import Foundation
import Hummingbird
import ServiceRuntime

/// The double opt-in of a subscription made without proof of its address: the confirmation mail links to
/// `GET /subscriptions/confirm/{token}`, a page whose button posts to `POST /subscriptions/confirm/{token}`,
/// which confirms. A GET never changes anything (mail scanners follow links). An unknown or expired token
/// gets one neutral 404, the same for both.
struct ConfirmationRoutes: Sendable {
    let host: ServiceHost

    func add(to routes: ServiceRoutes) {
        routes.get(
            "/subscriptions/confirm/:token",
            .anonymous(
                "anyone holding the link of a confirmation mail (the token is the capability)",
                sees: "a page whose button confirms, with the subscription's criteria; following the link changes nothing",
                bodyLimit: NotificationsRoutes.smallBody)
        ) { _, context, _ in try await self.page(token: context.parameters.get("token") ?? "") }
        routes.post(
            "/subscriptions/confirm/:token",
            .anonymous(
                "anyone holding the link of a confirmation mail (the token is the capability)",
                sees: "that the subscription is confirmed: its alerts start", bodyLimit: NotificationsRoutes.smallBody)
        ) { _, context, _ in try await self.confirm(token: context.parameters.get("token") ?? "") }
    }

    func page(token: String) async throws -> EditedResponse<String> {
        let subscription = try await self.host.withTransaction { transaction in
            try await SubscriptionStore.subscription(confirmationToken: token, in: transaction)
        }
        guard let subscription else { return Self.unknown }
        let criteria = Self.escape(SubscriptionTemplates.criteria(subscription.filters))
        let content: String
        switch subscription.state {
        case "active":
            content = "<p>Cet abonnement est déjà confirmé.</p>"
        case "unsubscribed":
            content = "<p>Cet abonnement a été résilié : aucune alerte ne sera envoyée.</p>"
        default:
            // The token is base64url (checked by the lookup): safe inside an attribute.
            content = """
                <p>Alerte demandée : \(criteria).</p>
                <form method="post" action="/subscriptions/confirm/\(token)">
                <button type="submit">Confirmer mon abonnement</button>
                </form>
                <p>Si vous n'êtes pas à l'origine de cette demande, fermez simplement cette page.</p>
                """
        }
        return HTTPAnswers.html(Self.page(content))
    }

    func confirm(token: String) async throws -> EditedResponse<String> {
        let subscription = try await self.host.withTransaction { transaction in
            try await SubscriptionStore.confirm(token: token, in: transaction)
        }
        guard let subscription else { return Self.unknown }
        guard subscription.unsubscribedAt == nil else {
            return HTTPAnswers.html(Self.page("<p>Cet abonnement a été résilié : aucune alerte ne sera envoyée.</p>"))
        }
        return HTTPAnswers.html(
            Self.page(
                """
                <p>Votre abonnement est confirmé : vous recevrez les alertes de consultations correspondant à vos critères.</p>
                <p>Chaque message contient un lien pour vous désinscrire.</p>
                """))
    }

    /// The one answer to an unknown, expired or malformed token.
    private static var unknown: EditedResponse<String> {
        HTTPAnswers.html(Self.page("<p>Ce lien de confirmation n'est pas valide ou a expiré.</p>"), status: .notFound)
    }

    private static func page(_ content: String) -> String {
        """
        <!doctype html>
        <html lang="fr"><head><meta charset="utf-8"><title>Confirmation d'abonnement — Passerelle</title></head>
        <body><h1>Alertes de consultations</h1>
        \(content)
        </body></html>
        """
    }

    /// The criteria come from the subscriber's input: escaped for HTML.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
