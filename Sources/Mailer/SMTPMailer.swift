import Foundation
public import Logging

/// Sends mail over SMTP with libcurl: one connection and one transaction per message.
///
/// The message text comes from ``MailComposer``; the envelope is `MAIL FROM:<from>` and one `RCPT TO`
/// per distinct recipient. libcurl does the SMTP dot-stuffing of the body (RFC 5321 §4.5.2). The message
/// is delivered only when every recipient is accepted: one refused recipient fails the whole send.
///
/// libcurl's calls block, so each transfer runs on one of a few dedicated worker queues
/// (``Configuration/Options/concurrentSends``), never on Swift's cooperative pool. Cancelling the
/// calling task aborts the transfer within about a second (`.connection`, "send cancelled"); the
/// message may or may not have been delivered then, which the stable `Message-ID` lets a resend absorb.
///
/// Failures are classified for the caller's retry decision:
/// - refused connection, timeout, reset, TLS failure → `.connection`;
/// - a 4xx reply (greylisting, `451`) → `.temporary` with the code;
/// - a 5xx reply (`550` unknown mailbox) → `.permanent` with the code, and the enhanced status when sent;
/// - a bad address, a CR or LF in a header, no recipient → `.invalid`, before any connection.
public struct SMTPMailer: MailTransport {
    /// The settings this mailer was created with.
    public let configuration: Configuration
    private let endpoint: SMTPEndpoint
    private let composer = MailComposer()
    private let workers: BlockingWorkers
    private let logger: Logger

    /// Creates a mailer. Nothing connects until the first ``send(_:)``.
    ///
    /// - Throws: ``MailError`` `.invalid` when the URL, the HELO name or the login policy is wrong.
    public init(configuration: Configuration, logger: Logger) throws(MailError) {
        self.endpoint = try SMTPEndpoint(configuration)
        try CurlGlobal.ensureInitialized()
        self.configuration = configuration
        self.workers = BlockingWorkers(count: configuration.options.concurrentSends, label: "passerelle.smtp")
        self.logger = logger
    }

    /// Composes and sends `message`; returns once the server accepted it (`250`).
    ///
    /// - Throws: ``MailError`` classifying the failure (see the type's documentation).
    public func send(_ message: MailMessage) async throws -> MailReceipt {
        let text = try self.composer.compose(message, secondsSince1970: Date().timeIntervalSince1970)
        let reply = try await self.transfer(
            payload: Array(text.utf8),
            from: message.from.address,
            to: message.to.map(\.address),
            messageID: message.messageID
        )
        return MailReceipt(messageID: message.messageID, replyCode: reply.code)
    }

    /// Sends an already composed message text (CRLF line ends) with the given envelope.
    func transfer(payload: [UInt8], from: String, to: [String], messageID: String) async throws(MailError)
        -> SMTPReplyLine
    {
        var seen = Set<String>()
        let recipients = to.filter { seen.insert($0.lowercased()).inserted }
        let request = SMTPTransferRequest(
            url: self.endpoint.curlURL,
            mailFrom: from,
            recipients: recipients,
            payload: payload,
            security: self.security,
            caFile: self.configuration.options.caFile,
            username: self.configuration.credentials?.username,
            password: self.configuration.credentials?.password,
            connectTimeoutMilliseconds: Self.milliseconds(self.configuration.connectTimeout),
            timeoutMilliseconds: Self.milliseconds(self.configuration.timeout)
        )
        let cancellation = CancellationFlag()
        let result = await withTaskCancellationHandler {
            await self.workers.run { performSMTPTransfer(request, cancellation: cancellation) }
        } onCancel: {
            cancellation.cancel()
        }
        switch result {
        case .success(let reply):
            self.logger.debug(
                "Mail accepted",
                metadata: [
                    MailLogKey.messageID: "\(messageID)",
                    MailLogKey.recipientCount: "\(recipients.count)",
                    MailLogKey.replyCode: "\(reply.code)",
                ]
            )
            return reply
        case .failure(let error):
            self.logger.debug(
                "Mail not sent",
                metadata: [
                    MailLogKey.messageID: "\(messageID)",
                    MailLogKey.recipientCount: "\(recipients.count)",
                    MailLogKey.error: "\(error)",
                ]
            )
            throw error
        }
    }

    private var security: SMTPTransferRequest.Security {
        if self.endpoint.isImplicitTLS {
            return .startTLSRequired
        }
        switch self.configuration.startTLS.mode {
        case .never: return .plain
        case .ifOffered: return .startTLSIfOffered
        case .required: return .startTLSRequired
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// Logger metadata keys of the module, in one place.
enum MailLogKey {
    static let messageID = "mail.message_id"
    static let recipientCount = "mail.recipient_count"
    static let replyCode = "smtp.reply_code"
    static let error = "mail.error"
}
