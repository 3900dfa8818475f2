import Foundation

/// Prints values as JSON for machines (`--json`): pretty-printed, keys sorted, slashes left as they are.
///
/// Sorted keys keep the output stable, so scripts and tests can compare it byte for byte.
package enum JSONOutput {
    /// The encoder every `--json` output uses.
    package static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// Encodes `value` as pretty, sorted JSON text (without a final newline).
    ///
    /// - Parameter value: The value to encode.
    /// - Returns: The JSON text.
    /// - Throws: `EncodingError` when the value cannot be encoded (for example a non-finite `Double`).
    package static func string(_ value: some Encodable) throws -> String {
        let data = try Self.makeEncoder().encode(value)
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `value` to standard output as pretty, sorted JSON followed by a newline.
    ///
    /// - Parameter value: The value to print.
    /// - Throws: `EncodingError` when the value cannot be encoded; nothing is printed then.
    package static func print(_ value: some Encodable) throws {
        Swift.print(try Self.string(value))
    }
}
