import Foundation
import Yams

extension Catalogue {
    /// Reads the catalogue files of `directory` (layout in ``CatalogueFile``). `default-desk.yaml` may be absent, so
    /// that ``CatalogueValidator`` reports the missing desk; the other files are required. Other files are ignored.
    ///
    /// The loader checks types and field names only; references, codes and bounds are ``CatalogueValidator``'s.
    ///
    /// - Parameter directory: The directory, e.g. `catalogue/desk` at the repository root.
    /// - Returns: The catalogue, not yet validated.
    /// - Throws: ``CatalogueLoadError`` naming the file and the field.
    public static func load(directory: URL) throws(CatalogueLoadError) -> Catalogue {
        let themes: [Theme] = try self.readList(.themes, in: directory)
        let subjects: [Subject] = try self.readList(.subjects, in: directory)
        let institutions: [Institution] = try self.readList(.institutions, in: directory)
        let antennes: [Antenne] = try self.readList(.antennes, in: directory)
        let experts: [Expert] = try self.readList(.experts, in: directory)
        let deskFile = directory.appendingPathComponent(CatalogueFile.defaultDesk.fileName)
        var defaultDesk: DefaultDesk?
        if FileManager.default.fileExists(atPath: deskFile.path) {
            defaultDesk = try CatalogueFileReader(file: .defaultDesk).read(
                DefaultDesk.self, at: deskFile, required: false)
        }
        return Catalogue(
            themes: themes, subjects: subjects, institutions: institutions, antennes: antennes, experts: experts,
            defaultDesk: defaultDesk)
    }

    private static func readList<Element: Decodable>(_ file: CatalogueFile, in directory: URL)
        throws(CatalogueLoadError) -> [Element]
    {
        let url = directory.appendingPathComponent(file.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CatalogueLoadError(
                .missingFile, file: file.fileName, path: "", message: "no \(file.fileName) in \(directory.path)")
        }
        return try CatalogueFileReader(file: file).read([Element].self, at: url, required: true) ?? []
    }
}

/// Reads one catalogue file: the YAML, its single top-level key, then the typed content, turning every failure
/// into a ``CatalogueLoadError`` with the path and line of the node.
struct CatalogueFileReader {
    let file: CatalogueFile

    func read<Value: Decodable>(_ type: Value.Type, at url: URL, required: Bool) throws(CatalogueLoadError) -> Value? {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw self.error(.unreadableFile, "", nil, "cannot read \(url.path) as UTF-8 text")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            var line: Int?
            if let yamlError = error as? YamlError {
                switch yamlError {
                case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                    line = mark.line
                default: break
                }
            }
            throw self.error(.invalidYAML, "", line, Self.reason(error))
        }
        let key = self.file.rootKey
        guard let root, let mapping = root.mapping else {
            throw self.error(.invalidValue, "", root?.mark?.line, "the file must be a mapping with the key \(key)")
        }
        for entry in mapping where entry.key.string != key {
            throw self.error(
                .unknownField, entry.key.string ?? "?", entry.key.mark?.line,
                "unknown field \(entry.key.string ?? "?") (expected \(key))")
        }
        guard let content = mapping[key] else {
            if required {
                throw self.error(.missingField, key, root.mark?.line, "required field missing")
            }
            return nil
        }
        if content.scalar.map({ ["", "~", "null"].contains($0.string) }) ?? false {
            return nil
        }
        do {
            return try YAMLDecoder().decode(type, from: content)
        } catch let decoding as DecodingError {
            throw self.error(decoding, root: root)
        } catch {
            throw self.error(.invalidValue, key, content.mark?.line, String(describing: error))
        }
    }

    private func error(_ decoding: DecodingError, root: Node) -> CatalogueLoadError {
        let key = self.file.rootKey
        switch decoding {
        case .keyNotFound(let missing, let context):
            let path = [Component.key(key)] + context.codingPath.map(Self.component)
            let line = Self.node(at: path, in: root)?.mark?.line
            return self.error(
                .missingField, Self.format(path + [.key(missing.stringValue)]), line, "required field missing")
        case .typeMismatch(let type, let context):
            let path = [Component.key(key)] + context.codingPath.map(Self.component)
            let node = Self.node(at: path, in: root)
            let found =
                node?.scalar.map { "got \"\($0.string)\"" } ?? (node?.sequence != nil ? "got a list" : "got a mapping")
            return self.error(
                .invalidValue, Self.format(path), node?.mark?.line, "expected \(Self.name(of: type)), \(found)")
        case .valueNotFound(let type, let context):
            let path = [Component.key(key)] + context.codingPath.map(Self.component)
            return self.error(
                .invalidValue, Self.format(path), Self.node(at: path, in: root)?.mark?.line,
                "expected \(Self.name(of: type)), found nothing")
        case .dataCorrupted(let context):
            let path = [Component.key(key)] + context.codingPath.map(Self.component)
            let code: CatalogueLoadError.Code =
                context.debugDescription.hasPrefix("unknown field") ? .unknownField : .invalidValue
            return self.error(
                code, Self.format(path), Self.node(at: path, in: root)?.mark?.line, context.debugDescription)
        @unknown default:
            return self.error(.invalidValue, key, nil, String(describing: decoding))
        }
    }

    /// Yams's first two lines (`4:1: error: parser: while parsing …` then the problem), without the position prefix
    /// (the error carries the line) and without the snippet.
    private static func reason(_ error: any Error) -> String {
        let lines = String(describing: error).split(separator: "\n").prefix(2).map(String.init)
        guard var first = lines.first else { return "invalid YAML" }
        if let range = first.range(of: "error: ") {
            first = String(first[range.upperBound...])
        }
        guard lines.count > 1 else { return first }
        let second = lines[1].hasSuffix(":") ? String(lines[1].dropLast()) : lines[1]
        return "\(first): \(second)"
    }

    private func error(_ code: CatalogueLoadError.Code, _ path: String, _ line: Int?, _ message: String)
        -> CatalogueLoadError
    {
        CatalogueLoadError(code, file: self.file.fileName, path: path, line: line, message: message)
    }

    private enum Component {
        case key(String)
        case index(Int)
    }

    private static func component(_ key: any CodingKey) -> Component {
        key.intValue.map(Component.index) ?? .key(key.stringValue)
    }

    private static func format(_ path: [Component]) -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let name): text += text.isEmpty ? name : ".\(name)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    private static func node(at path: [Component], in root: Node) -> Node? {
        var node: Node? = root
        for component in path {
            switch component {
            case .key(let name): node = node?.mapping?[name]
            case .index(let index):
                guard let sequence = node?.sequence, sequence.indices.contains(index) else { return nil }
                node = sequence[index]
            }
        }
        return node
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type: return "an integer"
        case is Node.Scalar.Type: return "a single value"
        case is Node.Mapping.Type: return "a mapping"
        case is Node.Sequence.Type: return "a list"
        default: return String(describing: type)
        }
    }
}
