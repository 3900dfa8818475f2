import Foundation
import PasserelleOps
import Testing

/// `passerelle services render`: what each block holds, that rendering is stable, that only the block
/// changes, that `--check` (``ServicesRenderer/changes(root:)``) sees a drift, and that the repository's
/// files are up to date.
@Suite struct ServicesRendererTests {
    static let manifest = ServicesManifest(services: [
        ServiceEntry(
            name: "procurement", product: "passerelle-procurement", summary: "Tenders | bids.",
            http: .init(port: 8081, variable: "PASSERELLE_PROCUREMENT_HTTP_PORT"),
            routes: ["/tenders/{id}", "/metrics"],
            secrets: [
                .init(file: "procurement-master.key", variable: "PASSERELLE_PROCUREMENT_MASTER_KEY", about: "key")
            ]),
        ServiceEntry(
            name: "notifications", product: "passerelle-notifications", summary: "Notices.",
            http: .init(port: 8082, variable: "PASSERELLE_NOTIFICATIONS_HTTP_PORT"), routes: ["/subscriptions"],
            needs: ["smtp"]),
    ])

    static let compose = """
        services:
          rabbitmq:
            image: rabbitmq:3.10-management
          # services:begin: generated
          old:
            build: .
          # services:end

        volumes:
          secrets:

        """

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let renderer = ServicesRenderer(manifest: Self.manifest)

    @Test func composeGetsOneEntryPerServiceAndKeepsTheRest() throws {
        let rendered = try self.renderer.render(.compose, in: Self.compose)
        #expect(
            rendered.hasPrefix(
                "services:\n  rabbitmq:\n    image: rabbitmq:3.10-management\n  # services:begin: generated\n"))
        #expect(rendered.hasSuffix("  # services:end\n\nvolumes:\n  secrets:\n"))
        #expect(!rendered.contains("  old:"))
        #expect(rendered.contains("  procurement:\n    build: .\n    command: [\"passerelle-procurement\"]\n"))
        #expect(rendered.contains("      PASSERELLE_PROCUREMENT_HTTP_PORT: \"8081\"\n"))
        #expect(rendered.contains("      PASSERELLE_PROCUREMENT_HTTP_HOST: 0.0.0.0\n"))
        let key = "PASSERELLE_PROCUREMENT_MASTER_KEY"
        #expect(rendered.contains("      \(key): ${\(key):?set \(key)}\n"))
        #expect(rendered.contains("      - \"127.0.0.1:${PASSERELLE_NOTIFICATIONS_HTTP_PORT:-8082}:8082\"\n"))
        #expect(rendered.contains("      smtp: {condition: service_healthy}\n"))
        let procurement = try #require(rendered.components(separatedBy: "  notifications:").first)
        #expect(!procurement.contains("smtp"))
    }

    @Test func dockerfileAndReadmeBlocks() throws {
        #expect(
            self.renderer.block(for: .dockerfile)
                == "ARG PASSERELLE_SERVICES=\"passerelle-procurement passerelle-notifications\"\n")
        let readme = self.renderer.block(for: .readme)
        let lines = readme.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[2].contains("**procurement** (`passerelle-procurement`)"))
        #expect(lines[2].contains("Tenders \\| bids."))
        #expect(lines[2].contains("http://127.0.0.1:8081"))
        #expect(lines[2].contains("`/tenders/{id}`, `/metrics`"))
        #expect(lines[2].contains("`procurement-master.key` (key)"))
        #expect(lines[3].hasSuffix("| `/subscriptions` | – |"))
    }

    @Test func renderingIsStable() throws {
        let once = try self.renderer.render(.compose, in: Self.compose)
        #expect(try self.renderer.render(.compose, in: once) == once)
        #expect(try ServicesRenderer(manifest: Self.manifest).render(.compose, in: Self.compose) == once)
        for target in ServicesRenderer.Target.allCases {
            #expect(self.renderer.block(for: target) == ServicesRenderer(manifest: Self.manifest).block(for: target))
        }
    }

    @Test func aFileWithoutItsMarkersIsAnError() throws {
        let broken = [
            "no markers\n", "# services:end\n# services:begin\n",
            "# services:begin\n# services:begin\n# services:end\n",
        ]
        for text in broken {
            #expect(throws: ServicesError.self) { try self.renderer.render(.dockerfile, in: text) }
        }
        do {
            _ = try self.renderer.render(.readme, in: "# services:begin\n# services:end\n")
            Issue.record("README markers are HTML comments")
        } catch {
            #expect(error.code == .missingMarkers)
            #expect(error.file == "README.md")
        }
    }

    @Test func checkSeesADriftAndWritingFixesIt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("services-render-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let files: [ServicesRenderer.Target: String] = [
            .compose: Self.compose, .dockerfile: "FROM x\n# services:begin\n# services:end\nRUN true\n",
            .readme: "# Title\n\n<!-- services:begin -->\n<!-- services:end -->\n",
        ]
        for (target, text) in files {
            try text.write(to: root.appendingPathComponent(target.rawValue), atomically: true, encoding: .utf8)
        }
        let first = try self.renderer.changes(root: root)
        #expect(first.map(\.target) == ServicesRenderer.Target.allCases)
        #expect(first.allSatisfy { $0.isChanged })
        for change in first { try change.write() }
        #expect(try self.renderer.changes(root: root).allSatisfy { !$0.isChanged })

        // Someone edits the generated block by hand: the check reports that file alone.
        let compose = root.appendingPathComponent("compose.yaml")
        let edited = try String(contentsOf: compose, encoding: .utf8)
            .replacingOccurrences(of: "\"8081\"", with: "\"9999\"")
        try edited.write(to: compose, atomically: true, encoding: .utf8)
        #expect(try self.renderer.changes(root: root).filter(\.isChanged).map(\.target) == [.compose])

        // A new service in the manifest: every file would change.
        var grown = Self.manifest
        grown.services.append(
            ServiceEntry(
                name: "desk", product: "passerelle-desk", summary: "Support desk.",
                http: .init(port: 8083, variable: "PASSERELLE_DESK_HTTP_PORT"), routes: ["/applications"]))
        #expect(try ServicesRenderer(manifest: grown).changes(root: root).allSatisfy { $0.isChanged })
    }

    @Test func theRepositoryFilesAreUpToDate() throws {
        let manifest = try ServicesManifest(contentsOf: Self.repositoryRoot.appendingPathComponent("services.yaml"))
        let stale = try ServicesRenderer(manifest: manifest).changes(root: Self.repositoryRoot).filter(\.isChanged)
        #expect(stale.isEmpty, "run `passerelle services render`: \(stale.map(\.target.rawValue))")
    }
}
