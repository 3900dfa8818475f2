import ArgumentParser
import ContractCodegen
import Contracts
import Foundation
import PasserelleOps
import ServiceScaffold

/// `passerelle new service NAME [--consumes TYPE]…`: a working service, from its contract to its tests.
struct NewServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Write a new service: contract, generated types, library, main, tests, Package.swift and services.yaml entries.",
        discussion: """
            Run it at the repository root. It writes contracts/NAME (one command, one event, with examples), \
            Sources/<Name>Service (a handler that stores a row and publishes the event through the outbox, and a \
            migration), Sources/<Name>Main, Tests/<Name>ServiceTests (in-memory broker and real servers), then runs \
            the contracts code generator, adds the targets to Package.swift and the service to services.yaml, and \
            renders compose.yaml, the Dockerfile and the README from it. docs/new-service.md goes on from there. \
            Exit status: 0 when written, 1 when writing failed, 2 on a usage error (bad name, existing service, \
            unknown type).
            """)

    @Argument(help: "The service's name: its context, PostgreSQL schema and broker user (lower-case letters and digits).")
    var name: String

    @Option(name: .customLong("consumes"), help: "An event type of another context the service receives (repeatable).")
    var consumes: [String] = []

    @Option(help: "The repository root.")
    var root = "."

    init() {}

    func run() async throws {
        let root = URL(fileURLWithPath: self.root).standardizedFileURL
        let contracts = root.appendingPathComponent("contracts")
        let loaded = ContractLoader(root: contracts).load()
        guard loaded.errors.isEmpty else {
            throw ValidationError("the contracts do not load cleanly; run `passerelle contracts lint` first")
        }
        let manifestURL = root.appendingPathComponent("services.yaml")
        let manifest = try ServicesManifest(contentsOf: manifestURL)
        let port = (manifest.services.map(\.http.port).max() ?? 8080) + 1
        let scaffold: ServiceScaffold
        do {
            scaffold = try ServiceScaffold(name: self.name, consumes: self.consumes, hub: loaded.hub, httpPort: port)
        } catch {
            throw ValidationError(error.description)
        }
        for file in scaffold.files where FileManager.default.fileExists(atPath: root.appendingPathComponent(file.path).path) {
            throw ValidationError("\(file.path) exists already")
        }
        var written: [String] = []
        for file in scaffold.files {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
            written.append(file.path)
        }
        print("1/4 wrote \(written.count) files: \(written.joined(separator: ", "))")
        let package = root.appendingPathComponent("Package.swift")
        let withTargets = try scaffold.registering(in: try String(contentsOf: package, encoding: .utf8))
        try withTargets.write(to: package, atomically: true, encoding: .utf8)
        let reloaded = ContractLoader(root: contracts).load()
        if let error = reloaded.errors.first {
            throw ValidationError("the new contract does not load: \(error)")
        }
        let modules = try ContractCodegen(hub: reloaded.hub, root: contracts, displayRoot: "contracts").generate()
        let changes = try CodegenWriter(
            sources: root.appendingPathComponent("Sources").path, package: package.path
        ).apply(modules, moduleOverride: nil)
        print("2/4 generated \(scaffold.typeName)Contracts (\(changes.filter { $0.status != "unchanged" }.count) files changed)")
        let handle = try FileHandle(forWritingTo: manifestURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(scaffold.manifestEntry.utf8))
        try handle.close()
        let updated = try ServicesManifest(contentsOf: manifestURL)
        for change in try ServicesRenderer(manifest: updated).changes(root: root) { try change.write() }
        print("3/4 added \(self.name) to services.yaml (HTTP port \(port)) and rendered compose.yaml, Dockerfile, README.md")
        print(
            """
            4/4 next: swift build && passerelle contracts lint && passerelle topology plan
                 && swift test --filter \(scaffold.typeName)ServiceTests   (docs/new-service.md goes on from here)
            """)
    }
}
