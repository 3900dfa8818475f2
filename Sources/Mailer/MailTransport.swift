/// An e-mail address with an optional display name.
public struct MailAddress: Sendable, Hashable, Codable {
    /// The address (`jeanne.martin@example.fr`).
    public var address: String
    /// The display name (`Jeanne Martin`), encoded as needed in the header.
    public var name: String?

    /// Creates an address.
    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }
}

/// One message to send: envelope and content. The transport builds the RFC 5322 text.
public struct MailMessage: Sendable, Hashable {
    /// The `From:` address and envelope sender.
    public var from: MailAddress
    /// The recipients (`To:` and envelope recipients).
    public var to: [MailAddress]
    /// The subject (any Unicode; encoded as an RFC 2047 word when not ASCII).
    public var subject: String
    /// The plain-text body (UTF-8).
    public var textBody: String
    /// An optional HTML alternative.
    public var htmlBody: String?
    /// An optional iCalendar invitation (iMIP), written as the last alternative after the text and the HTML.
    public var calendar: CalendarPart?
    /// Extra header fields in order (`List-Unsubscribe`, `List-Unsubscribe-Post`, `X-…`).
    public var headers: [MailHeader]
    /// The `Message-ID` without angle brackets (`<id>@passerelle.local`); stable per notification so a
    /// resend can be recognised.
    public var messageID: String

    /// Creates a message.
    public init(
        from: MailAddress, to: [MailAddress], subject: String, textBody: String, htmlBody: String? = nil,
        calendar: CalendarPart? = nil, headers: [MailHeader] = [], messageID: String
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.calendar = calendar
        self.headers = headers
        self.messageID = messageID
    }
}

/// A header field of a ``MailMessage``.
public struct MailHeader: Sendable, Hashable {
    /// The field name (`List-Unsubscribe`).
    public var name: String
    /// The field value, ASCII.
    public var value: String

    /// Creates a header field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// What the server answered when it accepted a message.
public struct MailReceipt: Sendable, Hashable {
    /// The `Message-ID` sent.
    public var messageID: String
    /// The final SMTP reply code (250).
    public var replyCode: Int

    /// Creates a receipt.
    public init(messageID: String, replyCode: Int) {
        self.messageID = messageID
        self.replyCode = replyCode
    }
}

/// Why a send failed, classified for the caller's retry decision.
public struct MailError: Error, Sendable, CustomStringConvertible {
    /// The failure class.
    public enum Kind: String, Sendable {
        /// A 4xx reply: try again later (greylisting, mailbox busy, server shutting down).
        case temporary
        /// A 5xx reply: do not retry (unknown user, policy refusal) — a hard bounce.
        case permanent
        /// The server could not be reached or the connection broke: try again later.
        case connection
        /// The message itself is unusable (no recipient, bad address): do not retry.
        case invalid
    }

    /// The failure class.
    public var kind: Kind
    /// The SMTP reply code when the server answered (451, 550…).
    public var replyCode: Int?
    /// A description safe to log (no credentials).
    public var detail: String
    /// The RFC 3463 enhanced status code of the server's reply (`5.1.1`), when it sent one.
    public var enhancedStatus: String?

    /// Creates an error.
    public init(_ kind: Kind, replyCode: Int? = nil, _ detail: String) {
        self.kind = kind
        self.replyCode = replyCode
        self.detail = detail
    }

    /// Whether a later attempt may succeed.
    public var isRetryable: Bool { self.kind == .temporary || self.kind == .connection }

    /// `mail kind (code): detail`, or `mail kind (code enhanced): detail` when the server sent an enhanced
    /// status code.
    public var description: String {
        let reply = [self.replyCode.map { String($0) }, self.enhancedStatus].compactMap { $0 }.joined(separator: " ")
        return "mail \(self.kind.rawValue)\(reply.isEmpty ? "" : " (\(reply))"): \(self.detail)"
    }
}

/// Something that sends e-mail: the SMTP transport, or a fake in tests.
public protocol MailTransport: Sendable {
    /// Sends one message; returns when the server accepted it.
    ///
    /// - Throws: ``MailError`` classifying the failure.
    func send(_ message: MailMessage) async throws -> MailReceipt
}
