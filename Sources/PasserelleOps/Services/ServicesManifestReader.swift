import Foundation
import Yams

/// Walks the YAML nodes of a services manifest and checks each rule where the value is, so every error
/// carries the line of the offending node as well as the field and the rule.
struct ServicesManifestReader {
    /// The name errors give.
    let file: String

    func read(_ yaml: String) throws(ServicesError) -> [ServiceEntry] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            let reason = String(describing: error).split(separator: "\n").first.map(String.init) ?? "invalid YAML"
            throw ServicesError(.invalidManifest, file: self.file, rule: "not valid YAML: \(reason)")
        }
        guard let root, let top = root.mapping else {
            throw self.fail("", root, "the document must be a mapping with a `services` list")
        }
        let fields = try self.fields(top, at: "", known: ["services"])
        guard let list = fields["services"] else {
            throw self.fail("services", root, "required: the list of services")
        }
        guard let sequence = list.sequence, !sequence.isEmpty else {
            throw self.fail("services", list, "must be a non-empty list of services")
        }
        // Every name, read ahead: a secret file must not be named like any service, later ones included.
        let names = sequence.compactMap { $0.mapping?.first { $0.key.string == "name" }?.value.string }
        var entries: [ServiceEntry] = []
        for (index, node) in sequence.enumerated() {
            entries.append(try self.service(node, at: "services[\(index)]", after: entries, names: names))
        }
        return entries
    }

    // MARK: One service

    private func service(
        _ node: Node, at path: String, after previous: [ServiceEntry], names: [String]
    ) throws(ServicesError) -> ServiceEntry {
        guard let mapping = node.mapping else {
            throw self.fail(path, node, "must be a mapping (name: …, product: …)")
        }
        let fields = try self.fields(mapping, at: path, known: ServicesManifest.serviceFields)
        let name = try self.string(fields["name"], at: "\(path).name", in: node)
        guard Self.isServiceName(name) else {
            throw self.fail(
                "\(path).name", fields["name"],
                "must be a lowercase letter, then lowercase letters, digits or underscores, at most 63 (it names "
                    + "the PostgreSQL schema), got \(name)")
        }
        if let other = previous.firstIndex(where: { $0.name == name }) {
            throw self.fail("\(path).name", fields["name"], "must be unique; services[\(other)] is also \(name)")
        }
        let product = try self.string(fields["product"], at: "\(path).product", in: node)
        guard product == "passerelle-\(name)" else {
            throw self.fail(
                "\(path).product", fields["product"], "must be passerelle-\(name) (passerelle-<name>), got \(product)")
        }
        let entry = ServiceEntry(
            name: name, product: product,
            summary: try self.string(fields["summary"], at: "\(path).summary", in: node),
            http: try self.http(fields["http"], at: "\(path).http", in: node, name: name, after: previous),
            routes: try self.routes(fields["routes"], at: "\(path).routes", in: node),
            needs: try self.needs(fields["needs"], at: "\(path).needs"),
            secrets: try self.secrets(fields["secrets"], at: "\(path).secrets", names: names))
        for (index, secret) in entry.secrets.enumerated() {
            if let owner = previous.first(where: { $0.secrets.contains { $0.file == secret.file } }) {
                throw self.fail(
                    "\(path).secrets[\(index)].file", fields["secrets"],
                    "must be unique; service \(owner.name) already uses \(secret.file)")
            }
        }
        return entry
    }

    private func http(_ node: Node?, at path: String, in parent: Node, name: String, after previous: [ServiceEntry])
        throws(ServicesError) -> ServiceEntry.HTTP
    {
        guard let node else { throw self.fail(path, parent, "required: {port: …, variable: …}") }
        guard let mapping = node.mapping else {
            throw self.fail(path, node, "must be a mapping {port: …, variable: …}")
        }
        let fields = try self.fields(mapping, at: path, known: ["port", "variable"])
        guard let portNode = fields["port"] else { throw self.fail("\(path).port", node, "required") }
        guard let port = portNode.int, (1...65535).contains(port) else {
            let found = portNode.string ?? "a non-scalar"
            throw self.fail("\(path).port", portNode, "must be a TCP port 1–65535, got \(found)")
        }
        if let other = previous.first(where: { $0.http.port == port }) {
            throw self.fail("\(path).port", portNode, "must be unique; service \(other.name) uses \(port)")
        }
        let variable = try self.string(fields["variable"], at: "\(path).variable", in: node)
        let expected = ServiceEntry.environmentPrefix(service: name) + "_HTTP_PORT"
        guard variable == expected else {
            throw self.fail(
                "\(path).variable", fields["variable"],
                "must be \(expected): the runtime reads PASSERELLE_<NAME>_HTTP_PORT, got \(variable)")
        }
        return ServiceEntry.HTTP(port: port, variable: variable)
    }

    private func routes(_ node: Node?, at path: String, in parent: Node) throws(ServicesError) -> [String] {
        guard let node else { throw self.fail(path, parent, "required: a list of routes such as /health/ready") }
        let routes = try self.strings(node, at: path)
        guard !routes.isEmpty else { throw self.fail(path, node, "must list at least one route") }
        for (index, route) in routes.enumerated() where !Self.isRoute(route) {
            throw self.fail(
                "\(path)[\(index)]", node,
                "must be /path or METHOD /path (GET, POST, PUT, PATCH, DELETE), got \(route)")
        }
        return routes
    }

    private func needs(_ node: Node?, at path: String) throws(ServicesError) -> [String] {
        guard let node else { return [] }
        let needs = try self.strings(node, at: path)
        for (index, need) in needs.enumerated() {
            guard ServicesManifest.knownNeeds.contains(need) else {
                throw self.fail(
                    "\(path)[\(index)]", node,
                    "must be one of: \(ServicesManifest.knownNeeds.joined(separator: ", ")) (RabbitMQ and PostgreSQL "
                        + "are always there), got \(need)")
            }
            if needs[..<index].contains(need) {
                throw self.fail("\(path)[\(index)]", node, "lists \(need) twice")
            }
        }
        return needs
    }

    private func secrets(_ node: Node?, at path: String, names: [String]) throws(ServicesError)
        -> [ServiceEntry.Secret]
    {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            throw self.fail(path, node, "must be a list of {file, variable, about}")
        }
        var secrets: [ServiceEntry.Secret] = []
        for (index, item) in sequence.enumerated() {
            let at = "\(path)[\(index)]"
            guard let mapping = item.mapping else {
                throw self.fail(at, item, "must be a mapping {file, variable, about}")
            }
            let fields = try self.fields(mapping, at: at, known: ["file", "variable", "about"])
            let file = try self.string(fields["file"], at: "\(at).file", in: item)
            guard Self.isSecretFile(file) else {
                throw self.fail(
                    "\(at).file", fields["file"],
                    "must be a file name: a lowercase letter or digit, then lowercase letters, digits, '.', '_' or "
                        + "'-', got \(file)")
            }
            guard !names.contains(file) else {
                throw self.fail(
                    "\(at).file", fields["file"],
                    "must not be a service name: secrets/\(file) holds that service's broker password")
            }
            if secrets.contains(where: { $0.file == file }) {
                throw self.fail("\(at).file", fields["file"], "must be unique; \(file) is listed twice")
            }
            let variable = try self.string(fields["variable"], at: "\(at).variable", in: item)
            guard Self.isVariable(variable) else {
                throw self.fail(
                    "\(at).variable", fields["variable"],
                    "must be an environment variable name (upper-case letters, digits, '_'), got \(variable)")
            }
            let about = try self.string(fields["about"], at: "\(at).about", in: item)
            secrets.append(ServiceEntry.Secret(file: file, variable: variable, about: about))
        }
        return secrets
    }

    // MARK: Nodes

    /// The mapping's fields by name; an unknown or repeated field is an error.
    private func fields(_ mapping: Node.Mapping, at path: String, known: [String]) throws(ServicesError)
        -> [String: Node]
    {
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw self.fail(path, key, "field names must be plain strings")
            }
            let field = path.isEmpty ? name : "\(path).\(name)"
            guard known.contains(name) else {
                throw self.fail(field, key, "unknown field; known fields: \(known.joined(separator: ", "))")
            }
            guard fields[name] == nil else { throw self.fail(field, key, "appears twice") }
            fields[name] = value
        }
        return fields
    }

    /// A required one-line, non-empty string.
    private func string(_ node: Node?, at path: String, in parent: Node) throws(ServicesError) -> String {
        guard let node else { throw self.fail(path, parent, "required") }
        guard let text = node.scalar?.string else { throw self.fail(path, node, "must be a string") }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw self.fail(path, node, "must not be empty") }
        guard !trimmed.contains(where: \.isNewline) else { throw self.fail(path, node, "must be one line") }
        return trimmed
    }

    /// A list of one-line strings.
    private func strings(_ node: Node, at path: String) throws(ServicesError) -> [String] {
        guard let sequence = node.sequence else { throw self.fail(path, node, "must be a list") }
        var values: [String] = []
        for (index, item) in sequence.enumerated() {
            values.append(try self.string(item, at: "\(path)[\(index)]", in: node))
        }
        return values
    }

    private func fail(_ field: String, _ node: Node?, _ rule: String) -> ServicesError {
        ServicesError(.invalidManifest, file: self.file, line: node?.mark?.line, field: field, rule: rule)
    }

    // MARK: Rules

    /// `[a-z][a-z0-9_]*`, at most 63: PostgreSQL schema names that never need quoting (`PostgresIdentifier`).
    static func isServiceName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63, ("a"..."z").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// `[a-z0-9][a-z0-9._-]*`: a plain file name in the secrets folder.
    static func isSecretFile(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-"
        }
    }

    /// `[A-Z][A-Z0-9_]*`.
    static func isVariable(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// `/path` or `METHOD /path`, with no spaces, `|` or backquotes in the path (README puts it in a table cell).
    static func isRoute(_ route: String) -> Bool {
        let parts = route.split(separator: " ", omittingEmptySubsequences: false)
        let path: Substring
        switch parts.count {
        case 1: path = parts[0]
        case 2 where ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(parts[0]): path = parts[1]
        default: return false
        }
        return path.hasPrefix("/") && !path.contains { $0 == "|" || $0 == "`" || $0.isWhitespace }
    }
}
