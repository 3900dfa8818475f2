import Foundation

/// A JSON Pointer (RFC 6901), such as `/properties/buyer/pattern`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens; empty for the whole document.
    public var tokens: [String]

    /// The pointer to the whole document (`""`).
    public static let root = JSONPointer(tokens: [])

    /// Creates a pointer from unescaped tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses pointer text (`""` or `/a/b~1c`); returns `nil` if it does not start with `/` or
    /// contains an invalid `~` escape.
    public init?(_ text: String) {
        if text.isEmpty {
            self.tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = JSONPointer.unescape(raw) else { return nil }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// The pointer text, with `~` and `/` escaped.
    public var description: String {
        var text = ""
        for token in self.tokens {
            text += "/"
            text += JSONPointer.escape(token)
        }
        return text
    }

    /// The pointer extended by one token.
    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: self.tokens + [token])
    }

    /// The pointer extended by several tokens.
    public func appending(_ more: [String]) -> JSONPointer {
        JSONPointer(tokens: self.tokens + more)
    }

    /// The value this pointer designates inside `document`, if any.
    public func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in self.tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = JSONPointer.arrayIndex(token), index < array.count else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Escapes one token: `~` becomes `~0` and `/` becomes `~1`.
    public static func escape(_ token: String) -> String {
        guard token.contains(where: { $0 == "~" || $0 == "/" }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    private static func unescape(_ raw: Substring) -> String? {
        guard raw.contains("~") else { return String(raw) }
        var result = ""
        var iterator = raw.makeIterator()
        while let character = iterator.next() {
            if character == "~" {
                switch iterator.next() {
                case "0": result.append("~")
                case "1": result.append("/")
                default: return nil
                }
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber) else { return nil }
        if token.count > 1, token.hasPrefix("0") { return nil }
        return Int(token)
    }
}
