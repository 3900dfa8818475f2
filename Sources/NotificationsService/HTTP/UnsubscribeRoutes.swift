import Foundation
import Hummingbird
import ServiceRuntime

/// RFC 8058 one-click unsubscribe: `POST /u/{token}` with `List-Unsubscribe=One-Click` unsubscribes at once,
/// without login or confirmation; `GET /u/{token}` only shows a page with a button that posts the same form.
/// Both are anonymous and rate-limited per client: the token in the link is the capability.
struct UnsubscribeRoutes: Sendable {
    let host: ServiceHost

    func add(to routes: ServiceRoutes) {
        routes.post(
            "/u/:token",
            .anonymous(
                "anyone holding the link of an optional mail (the token is the capability; RFC 8058, no login)",
                sees: "that the subscription is cancelled", bodyLimit: NotificationsRoutes.smallBody)
        ) { request, context, _ in try await self.oneClick(request, token: context.parameters.get("token") ?? "") }
        routes.get(
            "/u/:token",
            .anonymous(
                "anyone holding the link of an optional mail (the token is the capability)",
                sees: "a page whose button posts the one-click form; following the link changes nothing",
                bodyLimit: NotificationsRoutes.smallBody)
        ) { _, context, _ in try await self.page(token: context.parameters.get("token") ?? "") }
    }

    func oneClick(_ request: Request, token: String) async throws -> EditedResponse<String> {
        let body = try await request.body.collect(upTo: NotificationsRoutes.smallBody)
        let fields = String(decoding: body.readableBytesView, as: UTF8.self)
            .split(whereSeparator: { $0 == "&" || $0.isNewline }).map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.contains("List-Unsubscribe=One-Click") else {
            return HTTPAnswers.text("Corps attendu : List-Unsubscribe=One-Click\n", status: .badRequest)
        }
        let done = try await self.host.withTransaction { transaction in
            try await SubscriptionStore.unsubscribe(token: token, in: transaction)
        }
        guard done else {
            return HTTPAnswers.text("Lien de désinscription inconnu.\n", status: .notFound)
        }
        return HTTPAnswers.text("Vous ne recevrez plus ces messages.\n")
    }

    func page(token: String) async throws -> EditedResponse<String> {
        let subscription = try await self.host.withTransaction { transaction in
            try await SubscriptionStore.subscription(token: token, in: transaction)
        }
        guard let subscription else {
            return HTTPAnswers.html(Self.page("<p>Ce lien de désinscription n'est pas valide.</p>"), status: .notFound)
        }
        let state = subscription.unsubscribedAt == nil
            ? "<p>Vous recevez les alertes de consultations de Passerelle.</p>"
            : "<p>Vous êtes déjà désinscrit de ces alertes.</p>"
        // The token is base64url: safe inside an attribute.
        let form = """
            <form method="post" action="/u/\(token)">
            <input type="hidden" name="List-Unsubscribe" value="One-Click">
            <button type="submit">Ne plus recevoir ces alertes</button>
            </form>
            """
        return HTTPAnswers.html(Self.page(state + form))
    }

    private static func page(_ content: String) -> String {
        """
        <!doctype html>
        <html lang="fr"><head><meta charset="utf-8"><title>Désinscription — Passerelle</title></head>
        <body><h1>Désinscription</h1>
        \(content)
        <p>Les notifications obligatoires (modifications d'une consultation, lettres de rejet…) restent envoyées.</p>
        </body></html>
        """
    }
}
