/// A services manifest that cannot be read or used, or a file whose generated block cannot be found.
///
/// A manifest error names the file, the line when known, the field (`services[1].http.port`) and the rule it
/// breaks, so the fix is obvious from the message alone.
public struct ServicesError: Error, Sendable, Hashable {
    /// What went wrong; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case unreadable
            case invalidManifest
            case missingMarkers
        }

        private let base: Base

        /// A file could not be read or written.
        public static var unreadable: Self { Self(base: .unreadable) }
        /// The manifest is not valid YAML, or a field breaks a rule.
        public static var invalidManifest: Self { Self(base: .invalidManifest) }
        /// A rendered file has no `services:begin` … `services:end` block, or more than one.
        public static var missingMarkers: Self { Self(base: .missingMarkers) }

        public var description: String { String(describing: self.base) }
    }

    /// What went wrong: a file not readable, a rule broken, or a block not found.
    public var code: Code
    /// The file concerned, as given (for example `services.yaml` or `compose.yaml`).
    public var file: String
    /// The 1-based line of the offending node, when known.
    public var line: Int?
    /// The field's path in the manifest, for example `services[1].http.port`; empty for the whole file.
    public var field: String
    /// The rule broken, or what failed, for example `must be a TCP port 1–65535, got 99999`.
    public var rule: String

    /// Creates an error.
    public init(_ code: Code, file: String, line: Int? = nil, field: String = "", rule: String) {
        self.code = code
        self.file = file
        self.line = line
        self.field = field
        self.rule = rule
    }
}

extension ServicesError: CustomStringConvertible {
    /// For example `services.yaml:14: services[1].http.port: must be a TCP port 1–65535, got 99999`.
    public var description: String {
        let place = self.line.map { "\(self.file):\($0)" } ?? self.file
        return self.field.isEmpty ? "\(place): \(self.rule)" : "\(place): \(self.field): \(self.rule)"
    }
}
