import Foundation

extension BidReceipt {
    /// The receipt as plain text for the acknowledgement e-mail (French, the bidders' language).
    ///
    /// It states the time of receipt in UTC with milliseconds and in Paris time, the content's SHA-256 and
    /// size, and for a late deposit that it is kept but will not be opened.
    ///
    /// - Returns: Lines separated by `\n`, ending with a newline.
    public func plainText() -> String {
        var lines = [
            "Accusé de réception de votre dépôt",
            "",
            "Numéro d'accusé : \(self.receiptID)",
            "Consultation : \(self.tenderID)",
            "Dépôt : \(self.bidID)",
            "SIRET du déposant : \(self.bidderSIRET)",
            "Reçu le : \(self.receivedAtText) (UTC)",
        ]
        if let paris = self.parisTimeText {
            lines.append("Soit, heure de Paris : \(paris)")
        }
        lines += [
            "Taille : \(self.sizeBytes) octets",
            "Empreinte SHA-256 : \(self.contentSHA256)",
            "",
        ]
        if self.late {
            lines.append("Ce dépôt est parvenu après la date limite de remise des offres.")
            lines.append("Il est conservé mais ne sera pas ouvert.")
        } else {
            lines.append(
                "Votre pli est chiffré dès sa réception et ne pourra être ouvert qu'après la date limite."
            )
        }
        lines.append("Conservez cet accusé : l'empreinte permet de vérifier le contenu déposé.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `02/04/2026 12:00:00,123` in Europe/Paris, or nil when the time-zone database is missing.
    private var parisTimeText: String? {
        guard let paris = TimeZone(identifier: "Europe/Paris") else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = paris
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: self.receivedAt)
        guard let year = parts.year, let month = parts.month, let day = parts.day, let hour = parts.hour,
            let minute = parts.minute, let second = parts.second
        else { return nil }
        let millis = MillisecondTimestamp.milliseconds(self.receivedAt) % 1000
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fraction = String(String(1000 + (millis < 0 ? millis + 1000 : millis)).dropFirst())
        return "\(two(day))/\(two(month))/\(year) \(two(hour)):\(two(minute)):\(two(second)),\(fraction)"
    }
}
