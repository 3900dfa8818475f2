import Contracts
import Foundation
import JSONSchema

/// Turns the loaded contracts into declarations: one struct per message, one shared type per `$defs`
/// entry that a message references (objects, enums, `oneOf`s), nested types for inline objects.
struct SchemaTranslator {
    /// A type declared at module level (a message or a shared definition).
    struct TopLevel {
        var module: String
        var declaration: GeneratedDeclaration
        /// The file it comes from, for the header.
        var source: URL
    }

    /// The types declared inside one struct or union, with the names already taken there.
    struct Scope {
        var nested: [GeneratedDeclaration] = []
        var taken: Set<String>

        init(owner: String) { self.taken = [owner] }

        mutating func claim(_ hint: String) -> String {
            var name = SwiftNames.reservedTypeNames.contains(hint) ? hint + "Value" : hint
            var counter = 2
            while self.taken.contains(name) {
                name = hint + String(counter)
                counter += 1
            }
            self.taken.insert(name)
            return name
        }
    }

    let hub: ContractHub
    let root: URL
    /// Puts every context into this module instead of `<Context>Contracts` (the samples).
    let moduleOverride: String?

    private(set) var topLevel: [TopLevel] = []
    private var documents: [String: JSONValue] = [:]
    /// Qualified names of module-level types, by `file#pointer`.
    private var sharedNames: [String: String] = [:]
    private var takenNames: [String: Set<String>] = [:]
    private var pending: [(key: String, module: String, name: String, file: URL, pointer: String, schema: JSONValue)] = []

    init(hub: ContractHub, root: URL, moduleOverride: String?) {
        self.hub = hub
        self.root = root.standardizedFileURL
        self.moduleOverride = moduleOverride
        for (key, source) in hub.sources { self.documents[key] = source.root }
    }

    /// The module of a schema file: `CommonContracts` under `common/`, else its context's.
    func module(of file: URL) throws(CodegenError) -> String {
        let path = file.standardizedFileURL.path
        let rootPath = self.root.path.hasSuffix("/") ? self.root.path : self.root.path + "/"
        if path.hasPrefix(rootPath) {
            let first = path.dropFirst(rootPath.count).split(separator: "/").first.map(String.init) ?? ""
            if first == "common" { return "CommonContracts" }
            return self.moduleOverride ?? SwiftNames.typeName(first) + "Contracts"
        }
        if path.contains("/contracts/common/") { return "CommonContracts" }
        throw CodegenError("\(path) is outside the contracts folder and not under contracts/common")
    }

    /// The type name of a message: its type without the context and the `.v1` suffix.
    static func messageName(_ message: MessageContract) -> String {
        var parts = message.type.split(separator: ".").map(String.init)
        if parts.count > 1 { parts.removeFirst() }
        if let last = parts.last, last.first == "v", Int(last.dropFirst()) != nil { parts.removeLast() }
        let base = parts.map(SwiftNames.typeName).joined()
        let major = message.majorVersion ?? 1
        return major > 1 ? base + "V\(major)" : base
    }

    mutating func translateAll() throws(CodegenError) {
        var messages: [(MessageContract, String, String)] = []
        for message in self.hub.sortedMessages {
            let file = Self.fileURL(message.schemaURL)
            let module = try self.module(of: file)
            let name = self.claim(Self.messageName(message), in: module)
            self.sharedNames[Self.key(file, Self.fragment(message.schemaURL))] = "\(module).\(name)"
            messages.append((message, module, name))
        }
        for (message, module, name) in messages {
            let file = Self.fileURL(message.schemaURL)
            var structure = try self.structure(
                named: name, schema: message.schema, file: file, pointer: Self.fragment(message.schemaURL))
            structure.messageType = message.type
            structure.messageVersion = message.majorVersion ?? 1
            if structure.documentation.isEmpty, let title = message.title { structure.documentation = [title] }
            self.topLevel.append(TopLevel(module: module, declaration: .structure(structure), source: file))
        }
        while !self.pending.isEmpty {
            let next = self.pending.removeFirst()
            let declaration = try self.declaration(named: next.name, schema: next.schema, file: next.file, pointer: next.pointer)
            self.topLevel.append(TopLevel(module: next.module, declaration: declaration, source: next.file))
        }
    }

    // MARK: - Declarations

    /// A struct for an object schema.
    mutating func structure(named name: String, schema: JSONValue, file: URL, pointer: String) throws(CodegenError)
        -> GeneratedStruct
    {
        guard let object = schema.objectValue else {
            throw CodegenError("\(Self.key(file, pointer)): a message or object type must be a schema object")
        }
        let required = Set(object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var scope = Scope(owner: name)
        var properties: [GeneratedProperty] = []
        var swiftNames: Set<String> = []
        for (key, value) in object["properties"]?.objectValue ?? JSONObject() {
            let propertyPointer = pointer + "/properties/" + SourceDocument.escape(key)
            let (type, constant) = try self.type(
                of: value, file: file, pointer: propertyPointer, hint: SwiftNames.typeName(key), scope: &scope)
            var swiftName = Self.isIdentifier(key) ? key : SwiftNames.memberName(key)
            var counter = 2
            while swiftNames.contains(swiftName) {
                swiftName = SwiftNames.memberName(key) + String(counter)
                counter += 1
            }
            swiftNames.insert(swiftName)
            properties.append(GeneratedProperty(
                key: key, name: swiftName, type: type, isRequired: required.contains(key),
                documentation: try self.description(of: value, file: file), constant: constant))
        }
        return GeneratedStruct(
            name: name, documentation: Self.documentation(of: schema), messageType: nil, messageVersion: nil,
            properties: properties, nested: scope.nested)
    }

    /// The declaration of a namable schema (object, enum or `oneOf`).
    mutating func declaration(named name: String, schema: JSONValue, file: URL, pointer: String)
        throws(CodegenError) -> GeneratedDeclaration
    {
        let object = schema.objectValue ?? JSONObject()
        if let values = object["enum"]?.arrayValue {
            return .enumeration(try Self.enumeration(named: name, values: values, schema: schema, at: Self.key(file, pointer)))
        }
        if let alternatives = (object["oneOf"] ?? object["anyOf"])?.arrayValue {
            let keyword = object["oneOf"] != nil ? "oneOf" : "anyOf"
            return .union(try self.union(
                named: name, alternatives: alternatives, schema: schema, file: file, pointer: pointer + "/" + keyword))
        }
        return .structure(try self.structure(named: name, schema: schema, file: file, pointer: pointer))
    }

    static func enumeration(named name: String, values: [JSONValue], schema: JSONValue, at location: String)
        throws(CodegenError) -> GeneratedEnum
    {
        var cases: [GeneratedEnum.Case] = []
        var taken: Set<String> = []
        let isInteger = values.allSatisfy { $0.numberValue?.int64Value != nil }
        for value in values {
            let base: String
            let literal: String
            if isInteger, let number = value.numberValue?.int64Value {
                base = "_\(number)"
                literal = String(number)
            } else if let text = value.stringValue {
                base = SwiftNames.memberName(text)
                literal = SwiftLiteral.string(text)
            } else {
                throw CodegenError("\(location): an enum must list only strings or only integers")
            }
            var caseName = base
            var counter = 2
            while taken.contains(caseName) {
                caseName = base + String(counter)
                counter += 1
            }
            taken.insert(caseName)
            cases.append(GeneratedEnum.Case(name: caseName, literal: literal))
        }
        return GeneratedEnum(
            name: name, documentation: Self.documentation(of: schema), rawType: isInteger ? "Int" : "String", cases: cases)
    }

    mutating func union(named name: String, alternatives: [JSONValue], schema: JSONValue, file: URL, pointer: String)
        throws(CodegenError) -> GeneratedUnion
    {
        var resolved: [(file: URL, pointer: String, schema: JSONValue, isReference: Bool)] = []
        for (index, alternative) in alternatives.enumerated() {
            if let reference = alternative.objectValue?["$ref"]?.stringValue {
                let target = try self.resolve(reference, from: file)
                resolved.append((target.file, target.pointer, target.schema, true))
            } else {
                resolved.append((file, pointer + "/\(index)", alternative, false))
            }
        }
        let discriminator = Self.discriminator(resolved.map(\.schema))
        var scope = Scope(owner: name)
        var cases: [GeneratedUnion.Alternative] = []
        var caseNames: Set<String> = []
        for (index, alternative) in resolved.enumerated() {
            let values = discriminator.map { Self.discriminatorValues(alternative.schema, key: $0) } ?? []
            let hint: String
            if let title = alternative.schema.objectValue?["title"]?.stringValue {
                hint = SwiftNames.typeName(title)
            } else if !values.isEmpty {
                hint = values.map(SwiftNames.typeName).joined(separator: "Or")
            } else {
                hint = "Option\(index + 1)"
            }
            let type: GeneratedType
            if alternative.isReference {
                type = try self.type(
                    of: alternatives[index], file: file, pointer: pointer + "/\(index)", hint: hint, scope: &scope).0
            } else {
                let nestedName = scope.claim(hint)
                scope.nested.append(.structure(try self.structure(
                    named: nestedName, schema: alternative.schema, file: alternative.file, pointer: alternative.pointer)))
                type = .named(nestedName)
            }
            var caseName = SwiftNames.memberName(String(type.text.split(separator: ".").last ?? ""))
            var counter = 2
            while caseNames.contains(caseName) {
                caseName = SwiftNames.memberName(hint) + String(counter)
                counter += 1
            }
            caseNames.insert(caseName)
            cases.append(GeneratedUnion.Alternative(
                caseName: caseName, type: type,
                documentation: alternative.schema.objectValue?["description"]?.stringValue,
                values: values.map(SwiftLiteral.string)))
        }
        return GeneratedUnion(
            name: name, documentation: Self.documentation(of: schema), discriminator: discriminator, alternatives: cases,
            nested: scope.nested)
    }

    /// A member every alternative requires, whose `const`/`enum` values differ from one alternative to
    /// the next.
    static func discriminator(_ alternatives: [JSONValue]) -> String? {
        guard let first = alternatives.first?.objectValue?["required"]?.arrayValue?.compactMap(\.stringValue) else {
            return nil
        }
        for key in first {
            var seen: Set<String> = []
            var usable = true
            for alternative in alternatives {
                let required = alternative.objectValue?["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
                let values = Self.discriminatorValues(alternative, key: key)
                if !required.contains(key) || values.isEmpty || !seen.isDisjoint(with: values) {
                    usable = false
                    break
                }
                seen.formUnion(values)
            }
            if usable { return key }
        }
        return nil
    }

    static func discriminatorValues(_ schema: JSONValue, key: String) -> [String] {
        guard let property = schema.objectValue?["properties"]?.objectValue?[key]?.objectValue else { return [] }
        if let constant = property["const"]?.stringValue { return [constant] }
        return property["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    // MARK: - Types

    /// The Swift type of a property or item schema, declaring what it needs in `scope`; and a literal when
    /// the schema is a `const`.
    mutating func type(of schema: JSONValue, file: URL, pointer: String, hint: String, scope: inout Scope)
        throws(CodegenError) -> (GeneratedType, String?)
    {
        guard let object = schema.objectValue else { return (.named("JSONValue"), nil) }
        if let reference = object["$ref"]?.stringValue {
            let target = try self.resolve(reference, from: file)
            let key = Self.key(target.file, target.pointer)
            if let name = self.sharedNames[key] { return (.named(name), nil) }
            if Self.isNamable(target.schema) {
                return (.named(try self.shared(key: key, target: target)), nil)
            }
            return try self.type(of: target.schema, file: target.file, pointer: target.pointer, hint: hint, scope: &scope)
        }
        if let constant = object["const"] {
            return try Self.constant(constant, at: Self.key(file, pointer))
        }
        if let values = object["enum"]?.arrayValue, values.count == 1, let only = values.first {
            return try Self.constant(only, at: Self.key(file, pointer))
        }
        if Self.isNamable(schema) {
            let name = scope.claim(hint)
            scope.nested.append(try self.declaration(named: name, schema: schema, file: file, pointer: pointer))
            return (.named(name), nil)
        }
        var types = Self.types(of: object)
        types.remove("null")
        if types.count > 1 {
            return types.isSubset(of: ["string", "number", "integer", "boolean"])
                ? (.named("ContractScalar"), nil) : (.named("JSONValue"), nil)
        }
        switch types.first {
        case "string":
            switch object["format"]?.stringValue {
            case "date-time": return (.named("Date"), nil)
            case "date": return (.named("CalendarDate"), nil)
            default: return (.named("String"), nil)
            }
        case "integer": return (.named("Int"), nil)
        case "number": return (.named("Decimal"), nil)
        case "boolean": return (.named("Bool"), nil)
        case "array":
            guard let items = object["items"] else { return (.array(.named("JSONValue")), nil) }
            let singular = SwiftNames.typeName(SwiftNames.singular(SwiftNames.memberName(hint)))
            return (.array(try self.type(of: items, file: file, pointer: pointer + "/items", hint: singular, scope: &scope).0), nil)
        case "object":
            if let additional = object["additionalProperties"], additional.objectValue != nil {
                let value = try self.type(
                    of: additional, file: file, pointer: pointer + "/additionalProperties", hint: hint + "Value",
                    scope: &scope)
                return (.dictionary(value.0), nil)
            }
            return (.named("JSONValue"), nil)
        default:
            return (.named("JSONValue"), nil)
        }
    }

    static func constant(_ value: JSONValue, at location: String) throws(CodegenError) -> (GeneratedType, String?) {
        switch value {
        case .string(let text): return (.named("String"), SwiftLiteral.string(text))
        case .bool(let flag): return (.named("Bool"), flag ? "true" : "false")
        case .number(let number):
            guard let integer = number.int64Value else { return (.named("Decimal"), number.description) }
            return (.named("Int"), String(integer))
        default:
            throw CodegenError("\(location): a const must be a string, a number or a boolean")
        }
    }

    /// The JSON types a schema allows: its `type` (a name or a list), else what its keywords imply.
    static func types(of object: JSONObject) -> Set<String> {
        if let name = object["type"]?.stringValue { return [name] }
        if let names = object["type"]?.arrayValue { return Set(names.compactMap(\.stringValue)) }
        if object["properties"] != nil || object["additionalProperties"] != nil { return ["object"] }
        if object["items"] != nil { return ["array"] }
        return []
    }

    /// Whether the schema becomes a declaration of its own rather than a standard type.
    static func isNamable(_ schema: JSONValue) -> Bool {
        guard let object = schema.objectValue else { return false }
        if object["oneOf"] != nil || object["anyOf"] != nil { return true }
        if let values = object["enum"]?.arrayValue { return values.count > 1 }
        if let properties = object["properties"]?.objectValue { return !properties.isEmpty }
        return false
    }

    // MARK: - References

    /// Registers a module-level type for a referenced definition, to declare once the messages are done.
    mutating func shared(key: String, target: (file: URL, pointer: String, schema: JSONValue)) throws(CodegenError) -> String {
        let module = try self.module(of: target.file)
        let lastToken = target.pointer.split(separator: "/").last.map(String.init)
            ?? target.file.deletingPathExtension().lastPathComponent
        let name = self.claim(SwiftNames.typeName(lastToken), in: module)
        let qualified = "\(module).\(name)"
        self.sharedNames[key] = qualified
        self.pending.append((key, module, name, target.file, target.pointer, target.schema))
        return qualified
    }

    mutating func claim(_ hint: String, in module: String) -> String {
        var taken = self.takenNames[module] ?? [module]
        var name = SwiftNames.reservedTypeNames.contains(hint) ? hint + "Value" : hint
        var counter = 2
        while taken.contains(name) {
            name = hint + String(counter)
            counter += 1
        }
        taken.insert(name)
        self.takenNames[module] = taken
        return name
    }

    /// Follows a `$ref` (through chains of references) to the file, pointer and schema it names.
    mutating func resolve(_ reference: String, from file: URL) throws(CodegenError) -> (file: URL, pointer: String, schema: JSONValue) {
        var current = (file: file, reference: reference)
        for _ in 0..<32 {
            guard let url = URL(string: current.reference, relativeTo: current.file) else {
                throw CodegenError("\(file.lastPathComponent): the reference \(reference) is not a URI")
            }
            let target = Self.fileURL(url.absoluteURL)
            let pointer = Self.fragment(url.absoluteURL)
            let document = try self.document(at: target)
            guard let schema = SourceDocument.resolve(pointer, in: document) else {
                throw CodegenError("\(file.lastPathComponent): the reference \(reference) names nothing")
            }
            if let next = schema.objectValue?["$ref"]?.stringValue, schema.objectValue?.count == 1 {
                current = (target, next)
                continue
            }
            return (target, pointer, schema)
        }
        throw CodegenError("\(file.lastPathComponent): the reference \(reference) loops")
    }

    mutating func document(at file: URL) throws(CodegenError) -> JSONValue {
        if let document = self.documents[file.absoluteString] { return document }
        do {
            let source = try SourceDocument(url: file, path: file.lastPathComponent)
            self.documents[file.absoluteString] = source.root
            return source.root
        } catch {
            throw CodegenError("\(file.path): \(error.message)")
        }
    }

    /// A property's description: its own, else the description of what it references.
    mutating func description(of schema: JSONValue, file: URL) throws(CodegenError) -> String? {
        if let text = schema.objectValue?["description"]?.stringValue { return text }
        if let reference = schema.objectValue?["$ref"]?.stringValue {
            return try self.resolve(reference, from: file).schema.objectValue?["description"]?.stringValue
        }
        return nil
    }

    static func documentation(of schema: JSONValue) -> [String] {
        let object = schema.objectValue
        let title = object?["title"]?.stringValue
        let description = object?["description"]?.stringValue
        switch (title, description) {
        case (let title?, let description?): return [title, "", description]
        case (let title?, nil): return [title]
        case (nil, let description?): return [description]
        default: return []
        }
    }

    static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return key.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) }
    }

    static func fileURL(_ url: URL) -> URL {
        URL(string: url.absoluteString.components(separatedBy: "#")[0]) ?? url
    }

    static func fragment(_ url: URL) -> String {
        let parts = url.absoluteString.components(separatedBy: "#")
        return parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
    }

    static func key(_ file: URL, _ pointer: String) -> String {
        file.absoluteString + "#" + pointer
    }
}
