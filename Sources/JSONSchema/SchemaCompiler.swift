/// Turns schema documents into a ``SchemaProgram``.
///
/// Compilation runs in two steps. Scanning walks every subschema of a document to learn the base
/// URI in effect at each location, the schema resources (`$id`) and the anchors (`$anchor`,
/// `$dynamicAnchor`). Compiling then builds ``SchemaNode``s from the root; every `$ref` target
/// gets a slot in a table and is compiled once, from a work list, which handles recursion.
final class SchemaCompiler {
    struct Document {
        let uri: String
        let root: JSONValue
    }

    let options: SchemaOptions
    let registry: SchemaRegistry
    private(set) var documents: [Document] = []
    /// Resource URI (no fragment) → resource index.
    private var resourceIndex: [String: Int] = [:]
    /// Resource index → its root location.
    private(set) var resourceRoots: [SchemaLocation] = []
    /// Resource index → its URI.
    private var resourceURIs: [String] = []
    /// `uri#name` → location, for `$anchor` and `$dynamicAnchor`.
    private var anchors: [String: SchemaLocation] = [:]
    /// Resource index → `$dynamicAnchor` name → location.
    private var dynamicAnchorLocations: [Int: [String: SchemaLocation]] = [:]
    /// Base URI and resource in effect at every scanned subschema.
    private var scopes: [SchemaLocation: (base: String, resource: Int)] = [:]

    private var table: [SchemaNode?] = []
    private var tableSlots: [SchemaLocation: Int] = [:]
    private var pending: [(slot: Int, location: SchemaLocation)] = []
    var usesDynamicScope = false

    init(options: SchemaOptions, registry: SchemaRegistry) {
        self.options = options
        self.registry = registry
    }

    /// Compiles `root`, whose retrieval URI is `baseURI`.
    func compile(_ root: JSONValue, baseURI: String) throws(SchemaCompileError) -> SchemaProgram {
        let document = self.addDocument(root, uri: URIReference(baseURI).withoutFragment.description)
        let rootSlot = self.slot(for: SchemaLocation(document: document, pointer: .root))
        precondition(rootSlot == 0)
        try self.drainPending()
        var dynamicAnchors: [[String: Int]] = []
        if self.usesDynamicScope {
            for resource in self.resourceRoots.indices {
                var names: [String: Int] = [:]
                for (name, location) in self.dynamicAnchorLocations[resource] ?? [:] {
                    names[name] = self.slot(for: location)
                }
                dynamicAnchors.append(names)
            }
            try self.drainPending()
        }
        return SchemaProgram(
            table: self.table.map { $0! },
            dynamicAnchors: dynamicAnchors,
            usesDynamicScope: self.usesDynamicScope
        )
    }

    private func drainPending() throws(SchemaCompileError) {
        while let (slot, location) = self.pending.popLast() {
            self.table[slot] = try self.compileNode(at: location)
        }
    }

    /// The table slot of the schema at `location`, scheduling its compilation on first use.
    func slot(for location: SchemaLocation) -> Int {
        if let slot = self.tableSlots[location] { return slot }
        let slot = self.table.count
        self.table.append(nil)
        self.tableSlots[location] = slot
        self.pending.append((slot, location))
        return slot
    }

    // MARK: Documents and scanning

    private func addDocument(_ root: JSONValue, uri: String) -> Int {
        let document = self.documents.count
        self.documents.append(Document(uri: uri, root: root))
        let location = SchemaLocation(document: document, pointer: .root)
        let resource = self.registerResource(uri, at: location)
        self.scan(root, at: location, base: uri, resource: resource)
        return document
    }

    private func registerResource(_ uri: String, at location: SchemaLocation) -> Int {
        if let existing = self.resourceIndex[uri] { return existing }
        let resource = self.resourceRoots.count
        self.resourceRoots.append(location)
        self.resourceURIs.append(uri)
        self.resourceIndex[uri] = resource
        return resource
    }

    private func scan(_ value: JSONValue, at location: SchemaLocation, base: String, resource: Int) {
        guard case .object(let object) = value else {
            self.scopes[location] = (base, resource)
            return
        }
        var base = base
        var resource = resource
        if case .string(let id)? = object["$id"] {
            base = URIReference(id).resolved(against: URIReference(base)).withoutFragment.description
            resource = self.registerResource(base, at: location)
        }
        self.scopes[location] = (base, resource)
        if case .string(let name)? = object["$anchor"] { self.anchors[base + "#" + name] = location }
        if case .string(let name)? = object["$dynamicAnchor"] {
            if self.anchors[base + "#" + name] == nil { self.anchors[base + "#" + name] = location }
            self.dynamicAnchorLocations[resource, default: [:]][name] = location
        }
        for keyword in SubschemaKeywords.single {
            if let child = object[keyword] {
                self.scan(child, at: location.appending(keyword), base: base, resource: resource)
            }
        }
        for keyword in SubschemaKeywords.map {
            guard case .object(let children)? = object[keyword] else { continue }
            for member in children.members {
                self.scan(member.value, at: location.appending(keyword, member.key), base: base, resource: resource)
            }
        }
        for keyword in SubschemaKeywords.list {
            guard case .array(let children)? = object[keyword] else { continue }
            for (index, child) in children.enumerated() {
                self.scan(child, at: location.appending(keyword, String(index)), base: base, resource: resource)
            }
        }
    }

    /// The base URI and resource at `location`, scanning it first if no scan reached it
    /// (a `$ref` to a JSON pointer outside the usual subschema keywords).
    func scope(at location: SchemaLocation) -> (base: String, resource: Int) {
        if let scope = self.scopes[location] { return scope }
        var ancestor = location
        let documentRoot = SchemaLocation(document: location.document, pointer: .root)
        var inherited = self.scopes[documentRoot] ?? (base: self.documents[location.document].uri, resource: 0)
        while !ancestor.pointer.tokens.isEmpty {
            ancestor.pointer.tokens.removeLast()
            if let scope = self.scopes[ancestor] {
                inherited = scope
                break
            }
        }
        if let value = self.value(at: location) {
            self.scan(value, at: location, base: inherited.base, resource: inherited.resource)
        }
        return self.scopes[location] ?? inherited
    }

    /// The JSON value at `location`.
    func value(at location: SchemaLocation) -> JSONValue? {
        location.pointer.resolve(in: self.documents[location.document].root)
    }

    /// The absolute URI of `location`: the URI of its schema resource and a JSON pointer
    /// fragment relative to that resource.
    func absoluteURI(of location: SchemaLocation, resource: Int) -> String {
        let root = self.resourceRoots[resource]
        guard root.document == location.document, location.pointer.tokens.starts(with: root.pointer.tokens) else {
            return self.documents[location.document].uri + "#" + location.pointer.description
        }
        let relative = JSONPointer(tokens: Array(location.pointer.tokens.dropFirst(root.pointer.tokens.count)))
        return self.resourceURIs[resource] + "#" + relative.description
    }

    // MARK: References

    /// Resolves the reference `text` found at `location` (whose base URI is `base`).
    func resolveReference(
        _ text: String,
        base: String,
        at location: SchemaLocation
    ) throws(SchemaCompileError) -> (location: SchemaLocation, uri: String, fragment: String) {
        let target = URIReference(text).resolved(against: URIReference(base))
        let uri = target.withoutFragment.description
        let fragment = (target.fragment ?? "").removingPercentEncodingSafely
        guard let resource = try self.resource(for: uri, at: location) else {
            throw self.error(at: location, "cannot resolve reference \(text): no schema is known at \(uri)")
        }
        let root = self.resourceRoots[resource]
        if fragment.isEmpty { return (root, uri, fragment) }
        if fragment.hasPrefix("/") {
            guard let pointer = JSONPointer(fragment) else {
                throw self.error(at: location, "cannot resolve reference \(text): invalid JSON pointer")
            }
            let resolved = SchemaLocation(document: root.document, pointer: root.pointer.appending(pointer.tokens))
            guard self.value(at: resolved) != nil else {
                throw self.error(at: location, "cannot resolve reference \(text): nothing at that JSON pointer")
            }
            return (resolved, uri, fragment)
        }
        guard let anchored = self.anchors[uri + "#" + fragment] else {
            throw self.error(at: location, "cannot resolve reference \(text): no anchor named \(fragment)")
        }
        return (anchored, uri, fragment)
    }

    /// The resource index for `uri`, loading the document from the registry when needed.
    private func resource(for uri: String, at location: SchemaLocation) throws(SchemaCompileError) -> Int? {
        if let resource = self.resourceIndex[uri] { return resource }
        let document: JSONValue?
        do {
            document = try self.registry.document(for: uri)
        } catch {
            throw self.error(at: location, "cannot load \(uri): \(error)")
        }
        guard let document else { return nil }
        _ = self.addDocument(document, uri: uri)
        return self.resourceIndex[uri]
    }

    /// Whether `location` carries `$dynamicAnchor: name` in the resource `uri`.
    func isDynamicAnchor(_ name: String, uri: String, location: SchemaLocation) -> Bool {
        guard let resource = self.resourceIndex[uri] else { return false }
        return self.dynamicAnchorLocations[resource]?[name] == location
    }

    /// A compile error at `location`.
    func error(at location: SchemaLocation, _ reason: String) -> SchemaCompileError {
        SchemaCompileError(
            schemaLocation: location.pointer.description,
            documentURI: self.documents[location.document].uri,
            reason: reason
        )
    }
}

extension String {
    /// The string with `%XX` escapes decoded, or unchanged if they do not form valid UTF-8.
    var removingPercentEncodingSafely: String {
        guard self.contains("%") else { return self }
        var bytes: [UInt8] = []
        let source = Array(self.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%"), index + 2 < source.count,
                let value = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }
}
