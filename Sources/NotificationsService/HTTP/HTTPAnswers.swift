import Hummingbird

/// The unsubscribe pages' answers (JSON answers and problems come from ServiceRuntime's `ServiceHTTP`).
enum HTTPAnswers {
    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> EditedResponse<String> {
        EditedResponse(status: status, headers: [.contentType: "text/html; charset=utf-8"], response: body)
    }

    static func text(_ body: String, status: HTTPResponse.Status = .ok) -> EditedResponse<String> {
        EditedResponse(status: status, headers: [.contentType: "text/plain; charset=utf-8"], response: body)
    }
}
