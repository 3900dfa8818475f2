import ArgumentParser
import Foundation
import PasserelleOps

extension Passerelle {
    /// `passerelle services …`: the platform's services as `services.yaml` lists them.
    struct ServicesCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "services",
            abstract: "List the services of services.yaml and render the files that follow from it.",
            subcommands: [ServicesListCommand.self, ServicesRenderCommand.self]
        )

        init() {}
    }
}

/// Where the manifest is: `--manifest FILE`, else `$PASSERELLE_SERVICES_MANIFEST`, else `./services.yaml`. The files
/// `render` writes are next to it.
struct ServicesManifestLocation: ParsableArguments {
    @Option(
        name: .customLong("manifest"),
        help: "The services manifest. Default: $PASSERELLE_SERVICES_MANIFEST, else ./services.yaml.")
    var path: String?

    var url: URL {
        let path = self.path ?? ProcessInfo.processInfo.environment["PASSERELLE_SERVICES_MANIFEST"] ?? "services.yaml"
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// The folder of the manifest: the repository root.
    var root: URL { self.url.deletingLastPathComponent() }

    /// A missing manifest is a usage error (exit 2).
    func validate() throws {
        guard FileManager.default.fileExists(atPath: self.url.path) else {
            throw ValidationError("--manifest: no file at \(self.url.path)")
        }
    }

    /// Reads the manifest; one breaking a rule is printed (one JSON object with `json`) and ends the command
    /// with exit 1.
    func load(json: Bool) throws -> ServicesManifest {
        do {
            return try ServicesManifest(contentsOf: self.url)
        } catch {
            if json {
                try JSONOutput.print(ServicesProblem(error))
            } else {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
            throw ExitCode.failure
        }
    }
}

/// A manifest or render error as `--json` prints it.
struct ServicesProblem: Encodable {
    struct Detail: Encodable {
        var code: String
        var file: String
        var line: Int?
        var field: String
        var rule: String
    }

    var ok = false
    var error: Detail

    init(_ error: ServicesError) {
        self.error = Detail(
            code: error.code.description, file: error.file, line: error.line, field: error.field, rule: error.rule)
    }
}
