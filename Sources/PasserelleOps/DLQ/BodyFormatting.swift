import JSONSchema

/// How `dlq show` and `dlq replay --edit` present a body: pretty JSON when it is JSON (members keep their
/// order), else the text as it is, else a note on its size.
public enum BodyFormatting {
    /// The body pretty-printed when it parses as JSON; the bytes unchanged otherwise.
    public static func pretty(_ body: [UInt8]) -> [UInt8] {
        guard let value = try? JSONValue(parsing: body) else { return body }
        return Array((value.jsonString(pretty: true) + "\n").utf8)
    }

    /// The body as compact JSON when it parses (how an edited body is sent); the bytes unchanged otherwise.
    public static func compact(_ body: [UInt8]) -> [UInt8] {
        guard let value = try? JSONValue(parsing: body) else { return body }
        return Array(value.jsonString().utf8)
    }

    /// Text for a terminal: pretty JSON, UTF-8 text, or `<N bytes of binary data>`.
    public static func display(_ body: [UInt8]) -> String {
        if let value = try? JSONValue(parsing: body) {
            return value.jsonString(pretty: true)
        }
        if let text = String(validating: body, as: UTF8.self) {
            return text
        }
        return "<\(body.count) bytes of binary data>"
    }
}
