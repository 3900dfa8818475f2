import ArgumentParser
import Foundation

/// `passerelle desk catalogue …`: the desk's reference data (`catalogue/desk/*.yaml`), checked locally.
struct DeskCatalogue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "The desk's catalogue of themes, subjects, institutions, antennes and experts.",
        subcommands: [DeskCatalogueValidate.self])

    init() {}
}

/// `passerelle desk catalogue validate [--dir catalogue/desk] [--json]`: loads and validates, without the service.
struct DeskCatalogueValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract:
            "Load and validate the catalogue as the desk does at start: issues (file, path, severity, rule) and counts.",
        discussion: """
            Runs locally; no service is needed. Exit status: 0 when the catalogue has no error (warnings are shown), 1 \
            when it has errors or does not load (the file and the field are named), 2 a usage error.
            """)

    @Option(help: "The catalogue's folder (default: $PASSERELLE_DESK_CATALOGUE, else catalogue/desk).")
    var dir: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    init() {}

    var directory: URL {
        URL(
            fileURLWithPath: self.dir ?? ProcessInfo.processInfo.environment["PASSERELLE_DESK_CATALOGUE"]
                ?? "catalogue/desk")
    }

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: self.directory.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw ValidationError(
                "--dir: \(self.directory.path) is not a folder (run from the repository's root, or give --dir)")
        }
    }

    func run() async throws {
        let report = DeskCatalogueReport(directory: self.directory)
        if self.json {
            try JSONOutput.print(report)
        } else if report.loadError != nil {
            FileHandle.standardError.write(Data(report.render().utf8))
        } else {
            print(report.render(), terminator: "")
        }
        if !report.valid { throw ExitCode(1) }
    }
}
