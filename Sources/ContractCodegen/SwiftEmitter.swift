/// Renders declarations as Swift source, four spaces an indent, doc comments wrapped at 110 columns.
struct SwiftEmitter {
    private(set) var lines: [String] = []
    private var indent = 0

    static let width = 110

    mutating func emit(_ declaration: GeneratedDeclaration) {
        switch declaration {
        case .structure(let value): self.emit(value)
        case .enumeration(let value): self.emit(value)
        case .union(let value): self.emit(value)
        }
    }

    mutating func emit(_ structure: GeneratedStruct) {
        self.documentation(structure.documentation)
        let conformances = structure.messageType == nil ? "Codable, Sendable, Hashable" : "ContractMessage, Hashable"
        self.line("public struct \(structure.name): \(conformances) {")
        self.indent += 1
        if let type = structure.messageType {
            self.line("public static let messageType = \(SwiftLiteral.string(type))")
            self.line("public static let messageVersion = \(structure.messageVersion ?? 1)")
            self.blank()
        }
        for property in structure.properties {
            self.documentation(property.documentation.map { [$0] } ?? [])
            let type = property.type.text + (property.isRequired ? "" : "?")
            self.line("public var \(SwiftNames.escaped(property.name)): \(type)")
        }
        if !structure.properties.isEmpty { self.blank() }
        self.initializer(structure.properties)
        if structure.properties.contains(where: { $0.name != $0.key }) {
            self.blank()
            self.line("private enum CodingKeys: String, CodingKey {")
            self.indent += 1
            for property in structure.properties {
                let raw = property.name == property.key ? "" : " = \(SwiftLiteral.string(property.key))"
                self.line("case \(SwiftNames.escaped(property.name))\(raw)")
            }
            self.indent -= 1
            self.line("}")
        }
        for nested in structure.nested {
            self.blank()
            self.emit(nested)
        }
        self.indent -= 1
        self.line("}")
    }

    mutating func emit(_ enumeration: GeneratedEnum) {
        self.documentation(enumeration.documentation)
        self.line("public enum \(enumeration.name): \(enumeration.rawType), Codable, Sendable, Hashable, CaseIterable {")
        self.indent += 1
        for item in enumeration.cases {
            let implicit = enumeration.rawType == "String" && SwiftLiteral.string(item.name) == item.literal
            self.line("case \(SwiftNames.escaped(item.name))" + (implicit ? "" : " = \(item.literal)"))
        }
        self.indent -= 1
        self.line("}")
    }

    mutating func emit(_ union: GeneratedUnion) {
        self.documentation(union.documentation)
        self.line("public enum \(union.name): Codable, Sendable, Hashable {")
        self.indent += 1
        for alternative in union.alternatives {
            self.documentation(alternative.documentation.map { [$0] } ?? [])
            self.line("case \(SwiftNames.escaped(alternative.caseName))(\(alternative.type.text))")
        }
        self.blank()
        self.line("public init(from decoder: any Decoder) throws {")
        self.indent += 1
        if let key = union.discriminator {
            let member = SwiftNames.escaped(SwiftNames.memberName(key))
            self.line("let container = try decoder.container(keyedBy: DiscriminatorKey.self)")
            self.line("let value = try container.decode(String.self, forKey: .\(member))")
            self.line("switch value {")
            for alternative in union.alternatives {
                self.line("case \(alternative.values.joined(separator: ", ")):")
                self.line("    self = .\(SwiftNames.escaped(alternative.caseName))(try \(alternative.type.text)(from: decoder))")
            }
            self.line("default:")
            self.line("    throw DecodingError.dataCorruptedError(")
            self.line("        forKey: .\(member), in: container, debugDescription: \"'\\(value)' selects no alternative\")")
            self.line("}")
        } else {
            for alternative in union.alternatives {
                self.line("if let value = try? \(alternative.type.text)(from: decoder) {")
                self.line("    self = .\(SwiftNames.escaped(alternative.caseName))(value)")
                self.line("    return")
                self.line("}")
            }
            self.line("throw DecodingError.dataCorrupted(")
            self.line("    .init(codingPath: decoder.codingPath, debugDescription: \"matches none of the alternatives\"))")
        }
        self.indent -= 1
        self.line("}")
        self.blank()
        self.line("public func encode(to encoder: any Encoder) throws {")
        self.indent += 1
        self.line("switch self {")
        for alternative in union.alternatives {
            self.line("case .\(SwiftNames.escaped(alternative.caseName))(let value): try value.encode(to: encoder)")
        }
        self.line("}")
        self.indent -= 1
        self.line("}")
        if let key = union.discriminator {
            self.blank()
            self.line("private enum DiscriminatorKey: String, CodingKey {")
            let member = SwiftNames.memberName(key)
            self.line("    case \(SwiftNames.escaped(member))" + (member == key ? "" : " = \(SwiftLiteral.string(key))"))
            self.line("}")
        }
        for nested in union.nested {
            self.blank()
            self.emit(nested)
        }
        self.indent -= 1
        self.line("}")
    }

    private mutating func initializer(_ properties: [GeneratedProperty]) {
        let parameters = properties.map { property -> String in
            let type = property.type.text + (property.isRequired ? "" : "?")
            let defaultValue = property.constant.map { " = \($0)" } ?? (property.isRequired ? "" : " = nil")
            return "\(SwiftNames.escaped(property.name)): \(type)\(defaultValue)"
        }
        let oneLine = "public init(\(parameters.joined(separator: ", "))) {"
        if oneLine.count + self.indent * 4 <= Self.width {
            self.line(oneLine)
        } else {
            self.line("public init(")
            self.indent += 1
            for (index, parameter) in parameters.enumerated() {
                self.line(parameter + (index == parameters.count - 1 ? "" : ","))
            }
            self.indent -= 1
            self.line(") {")
        }
        self.indent += 1
        for property in properties {
            let name = SwiftNames.escaped(property.name)
            self.line("self.\(property.name) = \(name)")
        }
        self.indent -= 1
        self.line("}")
    }

    private mutating func documentation(_ paragraphs: [String]) {
        let available = max(40, Self.width - self.indent * 4 - 4)
        for paragraph in paragraphs {
            if paragraph.isEmpty {
                self.line("///")
                continue
            }
            var current = ""
            for word in paragraph.split(whereSeparator: \.isWhitespace) {
                if !current.isEmpty, current.count + 1 + word.count > available {
                    self.line("/// " + current)
                    current = ""
                }
                current += (current.isEmpty ? "" : " ") + word
            }
            if !current.isEmpty { self.line("/// " + current) }
        }
    }

    mutating func line(_ text: String) {
        self.lines.append(String(repeating: "    ", count: self.indent) + text)
    }

    mutating func blank() {
        self.lines.append("")
    }
}
