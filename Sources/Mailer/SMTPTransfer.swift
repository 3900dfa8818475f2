import CCurl
import Synchronization

/// Everything one SMTP transaction needs, as plain Swift values (built by ``SMTPMailer``).
struct SMTPTransferRequest: Sendable {
    /// How the connection is secured.
    enum Security: Sendable {
        case plain
        case startTLSIfOffered
        case startTLSRequired
    }

    /// `smtp://host:port/helo-name` or `smtps://…`: libcurl sends the path as the EHLO name.
    var url: String
    /// The envelope sender, without angle brackets.
    var mailFrom: String
    /// The envelope recipients, without angle brackets.
    var recipients: [String]
    /// The message text (CRLF line ends), before dot-stuffing (libcurl does it).
    var payload: [UInt8]
    var security: Security
    var caFile: String?
    var username: String?
    var password: String?
    var connectTimeoutMilliseconds: Int
    var timeoutMilliseconds: Int
}

/// Set by the sending task's cancellation handler, read by libcurl's progress callback on the worker thread.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    func cancel() {
        self.flag.store(true, ordering: .relaxed)
    }

    var isCancelled: Bool {
        self.flag.load(ordering: .relaxed)
    }
}

/// The state libcurl's callbacks reach through their user pointer during one transfer.
///
/// Touched only by the worker thread running `curl_easy_perform`, so it needs no lock.
private final class TransferContext {
    let payload: [UInt8]
    var offset = 0
    let cancellation: CancellationFlag
    /// The latest 4xx/5xx reply line (a later `221` to QUIT must not hide it).
    var failureReply = SMTPReplyLine(code: 0, enhancedStatus: nil)

    init(payload: [UInt8], cancellation: CancellationFlag) {
        self.payload = payload
        self.cancellation = cancellation
    }
}

/// CURLOPT_READFUNCTION: copies the next slice of the message into libcurl's buffer; 0 ends the upload.
private let readMessage: curl_read_callback = { buffer, size, count, userData in
    guard let buffer, let userData else { return 0 }
    let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
    let length = min(size * count, context.payload.count - context.offset)
    guard length > 0 else { return 0 }
    context.payload.withUnsafeBytes { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + context.offset, byteCount: length)
    }
    context.offset += length
    return length
}

/// CURLOPT_XFERINFOFUNCTION: a non-zero return aborts the transfer (CURLE_ABORTED_BY_CALLBACK).
private let checkCancellation: curl_xferinfo_callback = { userData, _, _, _, _ in
    guard let userData else { return 0 }
    let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
    return context.cancellation.isCancelled ? 1 : 0
}

/// CURLOPT_DEBUGFUNCTION: keeps the code and enhanced status of the server's latest refusal. Only
/// CURLINFO_HEADER_IN (server replies) is read; what the client sends (AUTH included) is ignored.
private let recordReply: curl_debug_callback = { _, type, data, size, userData in
    guard type == CURLINFO_HEADER_IN, let data, let userData else { return 0 }
    let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let reply = SMTPReplyLine(bytes), reply.code >= 400 {
        context.failureReply = reply
    }
    return 0
}

/// Runs one SMTP transaction with a fresh easy handle. Blocking: call it on a worker thread only.
///
/// - Returns: the final reply code (250) or the classified failure.
func performSMTPTransfer(_ request: SMTPTransferRequest, cancellation: CancellationFlag) -> Result<
    SMTPReplyLine, MailError
> {
    do throws(MailError) {
        let easy = try CurlEasy()
        let recipients = try CurlStringList(request.recipients.map { "<\($0)>" })
        let context = TransferContext(payload: request.payload, cancellation: cancellation)
        let contextPointer = Unmanaged.passUnretained(context).toOpaque()
        try easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_NOSIGNAL, 1)  // no SIGALRM for timeouts: we run on shared threads
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMilliseconds)
        try easy.set(CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds)
        try easy.set(CURLOPT_MAIL_FROM, "<\(request.mailFrom)>")
        try easy.set(CURLOPT_MAIL_RCPT, list: recipients)
        try easy.set(CURLOPT_UPLOAD, 1)
        try easy.set(CURLOPT_INFILESIZE, request.payload.count)
        try easy.set(CURLOPT_READFUNCTION, readCallback: readMessage)
        try easy.set(CURLOPT_READDATA, pointer: contextPointer)
        try easy.set(CURLOPT_NOPROGRESS, 0)
        try easy.set(CURLOPT_XFERINFOFUNCTION, progressCallback: checkCancellation)
        try easy.set(CURLOPT_XFERINFODATA, pointer: contextPointer)
        try easy.set(CURLOPT_DEBUGFUNCTION, debugCallback: recordReply)
        try easy.set(CURLOPT_DEBUGDATA, pointer: contextPointer)
        try easy.set(CURLOPT_VERBOSE, 1)  // the debug callback only runs in verbose mode; nothing is printed
        switch request.security {
        case .plain:
            try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        case .startTLSIfOffered:
            try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue))
        case .startTLSRequired:
            try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        }
        if let caFile = request.caFile {
            try easy.set(CURLOPT_CAINFO, caFile)
        }
        if let username = request.username {
            try easy.set(CURLOPT_USERNAME, username)
        }
        if let password = request.password {
            try easy.set(CURLOPT_PASSWORD, password)
        }
        if cancellation.isCancelled {
            throw MailError(.connection, "send cancelled before connecting")
        }
        let status = withExtendedLifetime((context, recipients)) { easy.perform() }
        let code = easy.responseCode()
        let refusal = context.failureReply
        let reply = SMTPReplyLine(code: code, enhancedStatus: refusal.code == code ? refusal.enhancedStatus : nil)
        return SMTPFailureClassifier.classify(CurlStatus(status), reply: reply, message: easy.message(for: status))
    } catch {
        return .failure(error)
    }
}
