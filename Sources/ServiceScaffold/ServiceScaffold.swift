public import Contracts
import Foundation

/// What `passerelle new service NAME [--consumes TYPE]…` writes: a working service built the one way the
/// platform writes services (a contract, a `ServiceDefinition`, a `ServiceMain`, tests on the in-memory
/// broker and on the real servers). The generated contract module and the `Package.swift` codegen block
/// come from `ContractCodegen` afterwards.
public struct ServiceScaffold: Sendable {
    /// The context: contract folder, PostgreSQL schema, broker user `svc-<name>`.
    public let name: String
    /// Events of other contexts the service consumes, with where their channels are defined.
    public let consumed: [MessageContract]
    /// The service's default HTTP port.
    public let httpPort: Int

    /// `library` → `Library`; the prefix of the service's modules.
    public var typeName: String { self.name.prefix(1).uppercased() + self.name.dropFirst() }

    /// - Throws: ``ScaffoldError`` naming the rule the name or a consumed type breaks.
    public init(name: String, consumes: [String], hub: ContractHub, httpPort: Int) throws(ScaffoldError) {
        guard name.range(of: "^[a-z][a-z0-9]{1,29}$", options: .regularExpression) != nil else {
            throw ScaffoldError("NAME '\(name)': 2–30 lower-case letters and digits, starting with a letter")
        }
        guard hub.documents[name] == nil, !["common", "passerelle", "bridge", "svc"].contains(name) else {
            throw ScaffoldError("NAME '\(name)': a context of that name exists or the name is reserved")
        }
        var consumed: [MessageContract] = []
        for type in consumes {
            guard let message = hub.messages[type] else {
                throw ScaffoldError("--consumes \(type): no such message type in the contracts")
            }
            guard message.kind == .event else {
                throw ScaffoldError("--consumes \(type): a command is sent to its owner only; consume events")
            }
            consumed.append(message)
        }
        self.name = name
        self.consumed = consumed
        self.httpPort = httpPort
    }

    /// A file to write, relative to the repository root.
    public struct File: Sendable, Hashable {
        public var path: String
        public var contents: String
    }

    /// Every file the command writes by hand-written templates (not the generated contract module).
    public var files: [File] {
        [
            File(path: "contracts/\(self.name)/asyncapi.yaml", contents: self.asyncAPI),
            File(path: "contracts/\(self.name)/schemas/\(self.name).record.create.v1.json", contents: self.commandSchema),
            File(path: "contracts/\(self.name)/schemas/\(self.name).record.created.v1.json", contents: self.eventSchema),
            File(path: "Sources/\(self.typeName)Service/\(self.typeName)Service.swift", contents: self.serviceSource),
            File(path: "Sources/\(self.typeName)Main/main.swift", contents: self.mainSource),
            File(path: "Tests/\(self.typeName)ServiceTests/\(self.typeName)ServiceTests.swift", contents: self.testSource),
        ]
    }
}

/// Why the scaffold cannot be written: the argument and the rule.
public struct ScaffoldError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}
