import CCurl

// Every raw libcurl call of the module lives in this file (style guide rule 3). The status of each call
// is checked on the next line; no C type leaves the file.

/// `curl_global_init`, run exactly once (a Swift static is initialised once, thread-safely) before the
/// first easy handle is created. libcurl asks for it to be called before any other function.
enum CurlGlobal {
    /// `CURLE_OK` when libcurl initialised.
    static let status: UInt32 = curl_global_init(passerelle_curl_global_default).rawValue

    /// Throws when libcurl could not initialise (out of memory, broken TLS library).
    static func ensureInitialized() throws(MailError) {
        guard self.status == CURLE_OK.rawValue else {
            throw MailError(.connection, "libcurl global initialisation failed (code \(self.status))")
        }
    }
}

/// Owns one libcurl easy handle, freed in `deinit`.
///
/// Not `Sendable`: a handle is created, used and freed by one blocking call on one worker thread
/// (libcurl forbids using a handle from two threads at once).
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: libcurl writes its own message here on failure (at least CURL_ERROR_SIZE).
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init() throws(MailError) {
        try CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else {
            throw MailError(.connection, "curl_easy_init failed")
        }
        self.handle = handle
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try self.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(self.errorBuffer))
    }

    deinit {
        // libcurl: curl_easy_cleanup frees the handle; the error buffer is ours and must outlive it.
        curl_easy_cleanup(self.handle)
        self.errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) throws(MailError) {
        let status = passerelle_curl_easy_setopt_long(self.handle, option, value)
        try self.check(status, option: option)
    }

    func set(_ option: CURLoption, _ value: String) throws(MailError) {
        // libcurl copies string options (since 7.17.0): the temporary C string may go away afterwards.
        let status = value.withCString { passerelle_curl_easy_setopt_string(self.handle, option, $0) }
        try self.check(status, option: option)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(MailError) {
        let status = passerelle_curl_easy_setopt_pointer(self.handle, option, pointer)
        try self.check(status, option: option)
    }

    func set(_ option: CURLoption, list: CurlStringList) throws(MailError) {
        let status = passerelle_curl_easy_setopt_slist(self.handle, option, list.head)
        try self.check(status, option: option)
    }

    func set(_ option: CURLoption, readCallback: curl_read_callback) throws(MailError) {
        let status = passerelle_curl_easy_setopt_read_callback(self.handle, option, readCallback)
        try self.check(status, option: option)
    }

    func set(_ option: CURLoption, progressCallback: curl_xferinfo_callback) throws(MailError) {
        let status = passerelle_curl_easy_setopt_xferinfo_callback(self.handle, option, progressCallback)
        try self.check(status, option: option)
    }

    func set(_ option: CURLoption, debugCallback: curl_debug_callback) throws(MailError) {
        let status = passerelle_curl_easy_setopt_debug_callback(self.handle, option, debugCallback)
        try self.check(status, option: option)
    }

    /// Runs the transfer (blocking) and returns libcurl's status.
    func perform() -> CURLcode {
        curl_easy_perform(self.handle)
    }

    /// `CURLINFO_RESPONSE_CODE`: the last SMTP reply code, 0 when the server never answered.
    func responseCode() -> Int {
        var code = 0
        let status = passerelle_curl_easy_getinfo_long(self.handle, CURLINFO_RESPONSE_CODE, &code)
        return status == CURLE_OK ? code : 0
    }

    /// libcurl's message for a failed transfer: the error buffer, or the generic text of the code.
    func message(for status: CURLcode) -> String {
        let buffer = String(cString: self.errorBuffer)
        return buffer.isEmpty ? String(cString: curl_easy_strerror(status)) : buffer
    }

    private func check(_ status: CURLcode, option: CURLoption) throws(MailError) {
        guard status == CURLE_OK else {
            let text = String(cString: curl_easy_strerror(status))
            throw MailError(.connection, "libcurl rejected option \(option.rawValue): \(text)")
        }
    }
}

/// Owns a `curl_slist` (the `CURLOPT_MAIL_RCPT` recipients).
///
/// libcurl does not copy the list: it must outlive the transfer, which the caller ensures by keeping this
/// object alive until after `perform()`.
final class CurlStringList {
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init(_ items: [String]) throws(MailError) {
        for item in items {
            // curl_slist_append returns NULL on failure and leaves the old list intact.
            guard let next = item.withCString({ curl_slist_append(self.head, $0) }) else {
                throw MailError(.connection, "curl_slist_append failed")
            }
            self.head = next
        }
    }

    deinit {
        curl_slist_free_all(self.head)
    }
}

/// libcurl status codes the classifier distinguishes, without exposing `CURLcode`.
enum CurlStatus {
    case ok
    case abortedByCallback
    case timedOut
    case other

    init(_ code: CURLcode) {
        switch code {
        case CURLE_OK: self = .ok
        case CURLE_ABORTED_BY_CALLBACK: self = .abortedByCallback
        case CURLE_OPERATION_TIMEDOUT: self = .timedOut
        default: self = .other
        }
    }
}
