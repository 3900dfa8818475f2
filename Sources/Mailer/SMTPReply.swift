/// The code and RFC 3463 enhanced status of one SMTP reply line (`550 5.1.1 mailbox unavailable`).
/// The reply text is not kept: it may repeat the recipient's address.
struct SMTPReplyLine: Sendable, Hashable {
    /// The three-digit reply code, 0 when the server never answered.
    var code: Int
    /// `5.1.1`, when the line carries one.
    var enhancedStatus: String?

    init(code: Int, enhancedStatus: String?) {
        self.code = code
        self.enhancedStatus = enhancedStatus
    }

    /// Parses `NNN[ -][X.Y.Z ]text`; nil when the line does not start with a reply code.
    init?(_ line: some Collection<UInt8>) {
        let bytes = Array(line.prefix(32))
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        self.code = bytes[0...2].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        self.enhancedStatus = nil
        guard bytes.count > 4, bytes[3] == 0x20 || bytes[3] == 0x2D else { return }
        // status-code = class "." subject "." detail (RFC 3463 §2): class 2, 4 or 5, then 1–3 digits twice.
        let rest = bytes[4...].prefix { $0 != 0x20 && $0 != 0x0D && $0 != 0x0A }
        let fields = rest.split(separator: 0x2E, omittingEmptySubsequences: false)
        let wellFormed = fields.count == 3 && fields.allSatisfy { field in
            (1...3).contains(field.count) && field.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        if wellFormed, let first = fields.first, first.count == 1, [0x32, 0x34, 0x35].contains(first.first!),
            first.first! == bytes[0]
        {
            self.enhancedStatus = String(decoding: rest, as: UTF8.self)
        }
    }
}

/// Turns libcurl's outcome into a ``MailReceipt`` code or a ``MailError``; no I/O.
enum SMTPFailureClassifier {
    /// - A 4xx final reply is `.temporary`, a 5xx `.permanent`, both with the code (RFC 5321 §4.2.1).
    /// - Otherwise a failure is `.connection`: refused, timed out, reset, TLS failed, or cancelled.
    static func classify(_ status: CurlStatus, reply: SMTPReplyLine, message: String) -> Result<SMTPReplyLine, MailError> {
        if status == .ok {
            return .success(SMTPReplyLine(code: reply.code == 0 ? 250 : reply.code, enhancedStatus: reply.enhancedStatus))
        }
        var error: MailError
        switch (status, reply.code) {
        case (.abortedByCallback, _):
            error = MailError(.connection, "send cancelled")
        case (.timedOut, _):
            error = MailError(.connection, "timed out: \(message)")
        case (_, 400..<500):
            error = MailError(.temporary, replyCode: reply.code, "server refused for now: \(message)")
            error.enhancedStatus = reply.enhancedStatus
        case (_, 500..<600):
            error = MailError(.permanent, replyCode: reply.code, "server refused: \(message)")
            error.enhancedStatus = reply.enhancedStatus
        default:
            error = MailError(.connection, message)
        }
        return .failure(error)
    }
}
