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

    /// Text for a terminal: pretty JSON, UTF-8 text (control characters other than tab and newline shown
    /// as `\u{…}`, so a body cannot drive the terminal), or `<N bytes of binary data>`.
    public static func display(_ body: [UInt8]) -> String {
        if let value = try? JSONValue(parsing: body) {
            return value.jsonString(pretty: true)
        }
        if let text = String(validating: body, as: UTF8.self) {
            var shown = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                if scalar.properties.generalCategory == .control, scalar != "\n", scalar != "\t" {
                    shown.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
                } else {
                    shown.append(scalar)
                }
            }
            return String(shown)
        }
        return "<\(body.count) bytes of binary data>"
    }
}
