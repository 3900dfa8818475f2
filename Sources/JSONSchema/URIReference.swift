/// A URI reference split into its RFC 3986 components, with reference resolution (§5.2).
///
/// Parsing follows the lenient regular expression of RFC 3986 Appendix B, so it never fails;
/// strict syntax checks for the `uri` format live in ``URIFormat``.
struct URIReference: Hashable, Sendable, CustomStringConvertible {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    init(_ text: String) {
        var rest = Substring(text)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query: String?
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        var scheme: String?
        if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/"), colon != rest.startIndex {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        var authority: String?
        if rest.hasPrefix("//") {
            let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
            let end = rest[afterSlashes...].firstIndex(of: "/") ?? rest.endIndex
            authority = String(rest[afterSlashes..<end])
            rest = rest[end...]
        }
        self.init(scheme: scheme, authority: authority, path: String(rest), query: query, fragment: fragment)
    }

    /// The reference as text.
    var description: String {
        var text = ""
        if let scheme = self.scheme { text += scheme + ":" }
        if let authority = self.authority { text += "//" + authority }
        text += self.path
        if let query = self.query { text += "?" + query }
        if let fragment = self.fragment { text += "#" + fragment }
        return text
    }

    /// Whether the reference has a scheme (is an absolute URI, possibly with a fragment).
    var isAbsolute: Bool { self.scheme != nil }

    /// The same reference without its fragment.
    var withoutFragment: URIReference {
        var copy = self
        copy.fragment = nil
        return copy
    }

    /// Resolves `self` against `base` (RFC 3986 §5.2.2, strict mode).
    func resolved(against base: URIReference) -> URIReference {
        if let scheme = self.scheme {
            return URIReference(
                scheme: scheme,
                authority: self.authority,
                path: URIReference.removeDotSegments(self.path),
                query: self.query,
                fragment: self.fragment
            )
        }
        if self.authority != nil {
            return URIReference(
                scheme: base.scheme,
                authority: self.authority,
                path: URIReference.removeDotSegments(self.path),
                query: self.query,
                fragment: self.fragment
            )
        }
        if self.path.isEmpty {
            return URIReference(
                scheme: base.scheme,
                authority: base.authority,
                path: base.path,
                query: self.query ?? base.query,
                fragment: self.fragment
            )
        }
        let path: String
        if self.path.hasPrefix("/") {
            path = URIReference.removeDotSegments(self.path)
        } else {
            path = URIReference.removeDotSegments(URIReference.merge(base: base, path: self.path))
        }
        return URIReference(
            scheme: base.scheme,
            authority: base.authority,
            path: path,
            query: self.query,
            fragment: self.fragment
        )
    }

    private static func merge(base: URIReference, path: String) -> String {
        if base.authority != nil, base.path.isEmpty { return "/" + path }
        guard let slash = base.path.lastIndex(of: "/") else { return path }
        return String(base.path[...slash]) + path
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var input = Substring(path)
        var output: [Substring] = []
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                if !output.isEmpty { output.removeLast() }
            } else if input == "/.." {
                input = "/"
                if !output.isEmpty { output.removeLast() }
            } else if input == "." || input == ".." {
                input = ""
            } else {
                let searchStart = input.hasPrefix("/") ? input.index(after: input.startIndex) : input.startIndex
                let end = input[searchStart...].firstIndex(of: "/") ?? input.endIndex
                output.append(input[..<end])
                input = input[end...]
            }
        }
        return output.joined()
    }
}
