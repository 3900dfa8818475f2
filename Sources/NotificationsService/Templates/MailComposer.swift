public import Mailer

/// Turns a stored notice into the message the transport sends: a stable `Message-ID` per notice, the notice's
/// iCalendar part when it has one, and for optional mail only, the RFC 8058 one-click headers and an
/// unsubscribe line.
public struct MailComposer: Sendable {
    /// The sender.
    public var from: MailAddress
    /// The domain of the `Message-ID`s.
    public var messageIDDomain: String

    /// Creates a composer.
    public init(from: MailAddress, messageIDDomain: String) {
        self.from = from
        self.messageIDDomain = messageIDDomain
    }

    /// The `Message-ID` of a notice: the same on every attempt, so a resend can be recognised.
    public func messageID(notificationID: String) -> String {
        "\(notificationID)@\(self.messageIDDomain)"
    }

    /// The message of a notice.
    ///
    /// - Parameters:
    ///   - notificationID: The notice id.
    ///   - to: The recipient.
    ///   - subject: The subject.
    ///   - body: The body as stored.
    ///   - mandatory: Whether the notice is mandatory: then no unsubscribe header or line, whatever
    ///     `unsubscribeURL` says.
    ///   - unsubscribeURL: The one-click URL of an optional notice.
    ///   - calendar: The notice's iCalendar invitation, mailed as the last `text/calendar` part.
    public func message(
        notificationID: String, to: MailAddress, subject: String, body: String, mandatory: Bool, unsubscribeURL: String?,
        calendar: CalendarPart? = nil
    ) -> MailMessage {
        var headers = [MailHeader("Auto-Submitted", "auto-generated"), MailHeader("X-Passerelle-Notice", notificationID)]
        var text = body
        if !mandatory, let url = unsubscribeURL {
            headers.append(MailHeader("List-Unsubscribe", "<\(url)>"))
            headers.append(MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
            text += "\n\nPour ne plus recevoir ces messages : \(url)"
        }
        return MailMessage(
            from: self.from, to: [to], subject: subject, textBody: text, calendar: calendar, headers: headers,
            messageID: self.messageID(notificationID: notificationID))
    }
}
