import Foundation
import JSONSchema
import Yams

/// A YAML or JSON file of the contracts, parsed into a ``JSONValue`` with the line of every JSON pointer
/// kept, so every error can name its line.
public struct SourceDocument: Sendable {
    /// The path relative to the contracts folder, e.g. `procurement/asyncapi.yaml`.
    public var path: String
    /// The absolute file URL (the base URI for relative references).
    public var url: URL
    /// The content.
    public var root: JSONValue
    /// The 1-based line of each JSON pointer that starts a value.
    public var lines: [String: Int]

    /// Reads and parses a file.
    ///
    /// - Parameters:
    ///   - url: The file.
    ///   - path: Its path relative to the contracts folder, for messages.
    /// - Throws: ``ContractError`` (rule `syntax`) naming the line of a YAML or JSON syntax error.
    public init(url: URL, path: String) throws(ContractError) {
        self.url = url
        self.path = path
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ContractError(rule: "syntax", file: path, line: nil, pointer: "", message: "cannot read the file: \(error.localizedDescription)")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            let yamlError = error as? YamlError
            let firstLine = "\(error)".split(separator: "\n").first.map(String.init) ?? "syntax error"
            throw ContractError(rule: "syntax", file: path, line: yamlError.flatMap(Self.line), pointer: "", message: firstLine)
        }
        var lines: [String: Int] = [:]
        if let node {
            self.root = try Self.convert(node, pointer: "", lines: &lines, path: path)
        } else {
            self.root = .null
        }
        self.lines = lines
    }

    /// The line of a pointer, or of its nearest ancestor that has one.
    public func line(of pointer: String) -> Int? {
        var current = pointer
        while true {
            if let line = self.lines[current] {
                return line
            }
            guard let slash = current.lastIndex(of: "/") else { return self.lines[""] }
            current = String(current[..<slash])
        }
    }

    /// An error located at a pointer of this document.
    public func error(_ rule: String, at pointer: String, _ message: String) -> ContractError {
        ContractError(rule: rule, file: self.path, line: self.line(of: pointer), pointer: pointer, message: message)
    }

    /// The value at a JSON pointer (RFC 6901), or `nil`.
    public func value(at pointer: String) -> JSONValue? {
        Self.resolve(pointer, in: self.root)
    }

    /// Resolves a JSON pointer within a value.
    public static func resolve(_ pointer: String, in root: JSONValue) -> JSONValue? {
        guard !pointer.isEmpty else { return root }
        guard pointer.hasPrefix("/") else { return nil }
        var current = root
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = Self.unescape(String(raw))
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(token), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Escapes one pointer token (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func unescape(_ token: String) -> String {
        let decoded = token.removingPercentEncoding ?? token
        return decoded.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }

    private static func convert(_ node: Node, pointer: String, lines: inout [String: Int], path: String) throws(ContractError) -> JSONValue {
        if let mark = node.mark {
            lines[pointer] = mark.line
        }
        switch node {
        case .scalar(let scalar):
            return Self.scalar(scalar)
        case .mapping(let mapping):
            var members: [(key: String, value: JSONValue)] = []
            for (key, value) in mapping {
                guard let name = key.string else {
                    throw ContractError(rule: "syntax", file: path, line: key.mark?.line, pointer: pointer, message: "mapping keys must be strings")
                }
                if members.contains(where: { $0.key == name }) {
                    throw ContractError(rule: "syntax", file: path, line: key.mark?.line, pointer: pointer, message: "duplicate key \(name)")
                }
                members.append((name, try Self.convert(value, pointer: pointer + "/" + Self.escape(name), lines: &lines, path: path)))
            }
            return .object(JSONObject(members))
        case .sequence(let sequence):
            var values: [JSONValue] = []
            for (index, element) in sequence.enumerated() {
                values.append(try Self.convert(element, pointer: pointer + "/\(index)", lines: &lines, path: path))
            }
            return .array(values)
        default:
            throw ContractError(rule: "syntax", file: path, line: node.mark?.line, pointer: pointer, message: "YAML aliases are not allowed in contracts")
        }
    }

    /// Types a plain (unquoted) scalar by the YAML 1.2 core schema; quoted scalars are strings.
    private static func scalar(_ scalar: Node.Scalar) -> JSONValue {
        guard scalar.style == .plain else { return .string(scalar.string) }
        let text = scalar.string
        switch text {
        case "", "~", "null", "Null", "NULL":
            return .null
        case "true", "True", "TRUE":
            return .bool(true)
        case "false", "False", "FALSE":
            return .bool(false)
        default:
            break
        }
        if text.range(of: #"^[-+]?[0-9]+$"#, options: .regularExpression) != nil {
            if let value = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
                return .number(.integer(value))
            }
            return Double(text).map { .number(.double($0)) } ?? .string(text)
        }
        if text.range(of: #"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil,
            let value = Double(text)
        {
            return .number(.double(value))
        }
        return .string(text)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }
}
