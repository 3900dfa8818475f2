public import Hummingbird
import NIOCore

/// A request understood and refused, the one error type of every service.
///
/// Over HTTP it is an RFC 9457 problem (`application/problem+json`): `type`, `title`, `status`, `detail`,
/// `instance`, plus `code`, and for a rule broken by the input `field` and `rule`. In a message handler it is
/// a business refusal: the command middleware (``HandlerMiddleware/refusals(_:)``) rolls the command's writes
/// back and lets the service publish its `<context>.command.rejected` event instead of parking the message.
///
/// ```swift
/// throw ServiceProblem(.invalid, code: "deadlineTooShort", field: "tenderDeadline", rule: "R2161-2",
///                      "the deadline must leave at least 35 days")
/// ```
public struct ServiceProblem: Error, Sendable, CustomStringConvertible, HTTPResponseError {
    /// The class of problem: its HTTP status and title. Services may declare their own.
    public struct Kind: Hashable, Sendable {
        /// The last part of the problem `type` URI: `urn:passerelle:problem:<name>`.
        public let name: String
        public let status: HTTPResponse.Status
        /// The same for every problem of the kind (RFC 9457 `title`).
        public let title: String

        public init(name: String, status: HTTPResponse.Status, title: String) {
            self.name = name
            self.status = status
            self.title = title
        }

        /// 400: the input breaks a rule of the contract or of the service; `field` and `rule` say which.
        public static let invalid = Kind(name: "invalid", status: .badRequest, title: "The request breaks a rule")
        /// 401: no identity, or one that could not be verified.
        public static let unauthorized = Kind(name: "unauthorized", status: .unauthorized, title: "Authentication required")
        /// 403: a verified identity without the right.
        public static let forbidden = Kind(name: "forbidden", status: .forbidden, title: "Not allowed")
        public static let notFound = Kind(name: "not-found", status: .notFound, title: "No such resource")
        /// 409: the resource is in a state that does not allow it (already decided, closed, reused id).
        public static let conflict = Kind(name: "conflict", status: .conflict, title: "Conflicts with the current state")
        public static let tooLarge = Kind(name: "too-large", status: .contentTooLarge, title: "Too large")
        public static let rateLimited = Kind(name: "rate-limited", status: .tooManyRequests, title: "Too many requests")
        /// 503: a dependency (database, broker) is unavailable; try again later.
        public static let unavailable = Kind(name: "unavailable", status: .serviceUnavailable, title: "Temporarily unavailable")
        /// 500: an unexpected failure; its detail stays in the log, never in the response.
        public static let `internal` = Kind(name: "internal", status: .internalServerError, title: "Internal error")
    }

    public var kind: Kind
    /// A machine code for clients and events (`deadlineTooShort`, `tenderNotFound`); the kind's name by default.
    public var code: String
    /// The input field at fault, as a path (`lots[1].cpv`, `tenderDeadline`).
    public var field: String?
    /// The rule it breaks (`format siret`, `required`, `R2161-2`).
    public var rule: String?
    /// What happened, for people; never a secret, a password or another user's data.
    public var detail: String

    public init(_ kind: Kind, code: String? = nil, field: String? = nil, rule: String? = nil, _ detail: String) {
        self.kind = kind
        self.code = code ?? kind.name
        self.field = field
        self.rule = rule
        self.detail = detail
    }

    public var status: HTTPResponse.Status { self.kind.status }

    /// `code [rule] at field: detail`.
    public var description: String {
        "\(self.code)\(self.rule.map { " [\($0)]" } ?? "")\(self.field.map { " at \($0)" } ?? ""): \(self.detail)"
    }

    /// The RFC 9457 body.
    public struct Body: Codable, Sendable, Equatable {
        public var type: String
        public var title: String
        public var status: Int
        public var detail: String
        public var instance: String?
        public var code: String
        public var field: String?
        public var rule: String?
        public var requestId: String?
    }

    public func body(instance: String?, requestID: String?) -> Body {
        Body(
            type: "urn:passerelle:problem:\(self.kind.name)", title: self.kind.title, status: self.kind.status.code,
            detail: self.detail, instance: instance, code: self.code, field: self.field, rule: self.rule,
            requestId: requestID)
    }

    /// The problem for `request`; ``RequestLogMiddleware`` passes the request id it chose.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try self.response(instance: request.uri.path, requestID: request.headers[.requestID])
    }

    public func response(instance: String?, requestID: String?) throws -> Response {
        var response = try ServiceHTTP.json(
            self.body(instance: instance, requestID: requestID), status: self.status, contentType: "application/problem+json")
        if self.kind == .rateLimited { response.headers[.retryAfter] = "1" }
        return response
    }
}
