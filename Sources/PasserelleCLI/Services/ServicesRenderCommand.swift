import ArgumentParser
import Foundation
import PasserelleOps

/// `passerelle services render`: rewrites the blocks of `compose.yaml`, the `Dockerfile` and README that
/// list the services, from the manifest.
struct ServicesRenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Rewrite the services blocks of compose.yaml, Dockerfile and README.md from services.yaml.",
        discussion: """
            Only the lines between a 'services:begin' marker line and a 'services:end' marker line change; the \
            files sit next to the manifest. With --check nothing is written: the command lists the files a run \
            would change. Exit status: 0 when up to date (or written), 1 when --check finds a difference, the \
            manifest breaks a rule or a file has no block, 2 on a usage error.
            """
    )

    struct Change: Encodable {
        var path: String
        /// `changed` or `unchanged`.
        var status: String
    }

    struct Report: Encodable {
        var ok: Bool
        var check: Bool
        var files: [Change]
    }

    @OptionGroup var location: ServicesManifestLocation

    @Flag(help: "Write nothing; exit 1 when a file differs from what rendering would write.")
    var check = false

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    init() {}

    func run() async throws {
        let manifest = try self.location.load(json: self.json)
        let changes: [ServicesRenderer.FileChange]
        do {
            changes = try ServicesRenderer(manifest: manifest).changes(root: self.location.root)
            if !self.check {
                for change in changes { try change.write() }
            }
        } catch {
            if self.json {
                try JSONOutput.print(ServicesProblem(error))
            } else {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
            throw ExitCode.failure
        }
        let files = changes.map { Change(path: $0.target.rawValue, status: $0.isChanged ? "changed" : "unchanged") }
        let differences = files.filter { $0.status == "changed" }
        let report = Report(ok: !self.check || differences.isEmpty, check: self.check, files: files)
        if self.json {
            try JSONOutput.print(report)
        } else {
            var table = TextTable(columns: [.init("FILE"), .init(self.check ? "WOULD BE" : "STATUS")])
            for file in files { table.append([file.path, file.status]) }
            print(table.render(), terminator: "")
            if !self.check {
                print("\(manifest.services.count) services, \(differences.count) file(s) written")
            } else if differences.isEmpty {
                print("\(manifest.services.count) services, up to date")
            } else {
                print(
                    "\(manifest.services.count) services, \(differences.count) file(s) out of date: "
                        + "run `passerelle services render`")
            }
        }
        if !report.ok { throw ExitCode.failure }
    }
}
