import NotificationsContracts

/// The mail of the double opt-in: `subscription-confirmation` (category `account`, optional, never an
/// unsubscribe header). Its body holds ``confirmationLinkPlaceholder``; the delivery worker issues the
/// confirmation token when it sends the mail and puts the link there, so the stored row never holds a usable
/// token (as with the unsubscribe links).
enum SubscriptionTemplates {
    static let confirmationTemplate = "subscription-confirmation"
    static let confirmationLinkPlaceholder = "{{lien-de-confirmation}}"

    private static let signature = "\n\n--\nPasserelle, plateforme de dématérialisation des marchés publics.\nCe message est envoyé automatiquement."

    /// The confirmation mail of a pending subscription.
    ///
    /// - Parameters:
    ///   - subscription: The pending subscription.
    ///   - validDays: How long the link is valid, in days.
    static func confirmation(_ subscription: Subscription, validDays: Int) -> RenderedNotice {
        let greeting = subscription.name.map { "Bonjour \($0)," } ?? "Bonjour,"
        let delivery = subscription.mode == .dailyDigest
            ? "un résumé quotidien vers \(subscription.digestHour) h (heure de Paris)"
            : "un message par nouvelle consultation"
        let body = """
            \(greeting)

            Une demande d'abonnement aux alertes de consultations de Passerelle a été faite pour l'adresse \
            \(subscription.email).

            Critères : \(Self.criteria(subscription.filters))
            Envoi : \(delivery)

            Pour activer ces alertes, ouvrez le lien ci-dessous puis cliquez sur « Confirmer mon abonnement ». \
            Le lien est valable \(validDays) jour\(validDays > 1 ? "s" : "").
            \(Self.confirmationLinkPlaceholder)

            Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : aucune alerte ne sera envoyée \
            à cette adresse.
            """
        return RenderedNotice(
            template: Self.confirmationTemplate, category: .account, mandatory: false,
            subject: "Confirmez votre abonnement aux alertes de consultations", body: body + Self.signature)
    }

    /// The filters in words: « CPV 452 ; départements 021, 071 ; mots-clés voirie ».
    static func criteria(_ filters: SubscriptionFilters) -> String {
        var parts: [String] = []
        if !filters.cpvPrefixes.isEmpty { parts.append("CPV " + filters.cpvPrefixes.joined(separator: ", ")) }
        if !filters.departements.isEmpty { parts.append("départements " + filters.departements.joined(separator: ", ")) }
        if !filters.buyerSirets.isEmpty { parts.append("acheteurs (SIRET) " + filters.buyerSirets.joined(separator: ", ")) }
        if !filters.procedures.isEmpty { parts.append("procédures " + filters.procedures.joined(separator: ", ")) }
        if !filters.keywords.isEmpty { parts.append("mots-clés " + filters.keywords.joined(separator: ", ")) }
        return parts.isEmpty ? "toutes les consultations" : parts.joined(separator: " ; ")
    }
}
