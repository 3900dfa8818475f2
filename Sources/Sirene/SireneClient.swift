import Foundation
public import Identifiers
public import Logging

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// INSEE's API Sirene 3.11 over HTTPS: `GET {baseURL}/siret/{siret}`.
///
/// Every request carries `X-INSEE-Api-Key-Integration` (see ``Configuration/apiKeyHeader``) and
/// `Accept: application/json`. Calls share one sliding-window limit (``Configuration/rateLimit``): a call over the
/// limit waits for its turn, up to ``Configuration/maxWait``, then fails as `rateLimited`. After a 429 the client
/// also holds its later calls for the `Retry-After` INSEE asked for. Redirects are not followed, so the key only
/// ever goes to ``Configuration/baseURL``.
public final class SireneClient: EstablishmentDirectory {
    public let configuration: Configuration
    private let session: URLSession
    private let limiter: RequestLimiter
    private let logger: Logger

    /// The largest body read: an establishment is a few KiB.
    static let maxBodyBytes = 1 << 20

    public init(configuration: Configuration, logger: Logger = Logger(label: "passerelle.sirene")) {
        self.configuration = configuration
        self.logger = logger
        self.limiter = RequestLimiter(limit: configuration.rateLimit, maxWait: configuration.maxWait)
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.timeout.timeInterval
        sessionConfiguration.timeoutIntervalForResource = configuration.timeout.timeInterval
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.urlCache = nil
        self.session = URLSession(configuration: sessionConfiguration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    deinit {
        self.session.finishTasksAndInvalidate()
    }

    public func establishment(siret: SIRET) async throws(SireneError) -> Establishment {
        let waited = try await self.limiter.acquire(siret: siret.value)
        if waited > .zero {
            self.logger.debug("sirene call waited for the rate limit", metadata: ["waited": "\(waited)"])
        }
        let (status, retryAfter, body) = try await self.send(siret: siret.value)
        do {
            let establishment = try EstablishmentReader.read(
                status: status, retryAfter: retryAfter, body: body, siret: siret.value)
            self.logger.debug("sirene lookup", metadata: ["status": "\(status)"])
            return establishment
        } catch {
            if error.code == .rateLimited, let wait = error.retryAfter {
                self.limiter.pause(for: wait)
            }
            let level: Logger.Level = error.code == .notFound ? .debug : .notice
            self.logger.log(level: level, "sirene lookup failed", metadata: ["error": "\(error)"])
            throw error
        }
    }

    private func send(siret: String) async throws(SireneError) -> (status: Int, retryAfter: String?, body: Data) {
        let url = self.configuration.baseURL.appendingPathComponent("siret").appendingPathComponent(siret)
        let timeout = self.configuration.timeout.timeInterval
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "GET"
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue(self.configuration.apiKey, forHTTPHeaderField: Configuration.apiKeyHeader)
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await self.session.data(for: request)
        } catch {
            if Task.isCancelled || error is CancellationError {
                throw SireneError(.cancelled, "cancelled during the request", siret: siret, underlying: error)
            }
            let timedOut = (error as? URLError)?.code == .timedOut
            throw SireneError(
                .unavailable, timedOut ? "the request timed out" : "INSEE could not be reached", siret: siret,
                underlying: error)
        }
        guard let http = response as? HTTPURLResponse else {
            throw SireneError(.unavailable, "the answer is not HTTP", siret: siret)
        }
        guard data.count <= Self.maxBodyBytes else {
            throw SireneError(.malformed, "the body is larger than \(Self.maxBodyBytes) bytes", siret: siret,
                              httpStatus: http.statusCode, field: "body")
        }
        return (http.statusCode, http.value(forHTTPHeaderField: "Retry-After"), data)
    }
}

/// Answers every redirect with "do not follow": the redirect itself comes back as the response.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

extension Duration {
    /// Whole seconds, rounded up, at least 1: swift-corelibs-foundation truncates a timeout to whole seconds, and a
    /// timeout under a second would fail every request at once.
    fileprivate var timeInterval: TimeInterval {
        let (seconds, attoseconds) = self.components
        return TimeInterval(max(1, seconds + (attoseconds > 0 ? 1 : 0)))
    }
}
