import DeskDomain
import Foundation

/// What `passerelle desk catalogue validate` finds in a catalogue directory: the load error (file, path, line), or
/// every validation issue with the catalogue's counts. Encoded as is by `--json`.
struct DeskCatalogueReport: Encodable, Sendable, Equatable {
    /// One ``CatalogueIssue``, as printed.
    struct Issue: Encodable, Sendable, Equatable {
        var severity: String
        var file: String
        var path: String
        var rule: String
        var message: String
    }

    /// Why the directory could not be loaded (``CatalogueLoadError``).
    struct LoadFailure: Encodable, Sendable, Equatable {
        var code: String
        var file: String
        var path: String
        var line: Int?
        var message: String
    }

    struct Counts: Encodable, Sendable, Equatable {
        var themes: Int
        var subjects: Int
        var institutions: Int
        var antennes: Int
        var experts: Int
    }

    var directory: String
    /// No load error and no issue of severity error: the catalogue may be deployed.
    var valid: Bool
    var errors: Int
    var warnings: Int
    var counts: Counts?
    var issues: [Issue]
    var loadError: LoadFailure?

    /// Loads and validates `directory`.
    init(directory: URL) {
        self.directory = directory.path
        do {
            let catalogue = try Catalogue.load(directory: directory)
            let issues = CatalogueValidator.validate(catalogue)
            self.issues = issues.map {
                Issue(
                    severity: $0.severity.rawValue, file: $0.file, path: $0.path, rule: $0.rule.rawValue,
                    message: $0.message)
            }
            self.errors = issues.errors.count
            self.warnings = issues.warnings.count
            self.valid = self.errors == 0
            self.counts = Counts(
                themes: catalogue.themes.count, subjects: catalogue.subjects.count,
                institutions: catalogue.institutions.count,
                antennes: catalogue.antennes.count, experts: catalogue.experts.count)
        } catch {
            self.issues = []
            self.errors = 1
            self.warnings = 0
            self.valid = false
            self.loadError = LoadFailure(
                code: error.code.rawValue, file: error.file, path: error.path, line: error.line, message: error.message)
        }
    }

    /// The table of issues, the counts and the verdict.
    func render() -> String {
        if let failure = self.loadError {
            let location = failure.line.map { "\(failure.file):\($0)" } ?? failure.file
            let field = failure.path.isEmpty ? "" : ", field \(failure.path)"
            return
                "Cannot load the catalogue in \(self.directory): \(location)\(field): \(failure.code) (\(failure.message))\n"
        }
        var text = ""
        if self.issues.isEmpty {
            text += "No issues.\n"
        } else {
            var table = TextTable(columns: [
                .init("FILE"), .init("PATH"), .init("SEVERITY"), .init("RULE"), .init("MESSAGE", maxWidth: 90),
            ])
            for issue in self.issues {
                table.append([issue.file, issue.path, issue.severity, issue.rule, issue.message])
            }
            text += table.render()
        }
        if let counts = self.counts {
            text +=
                "\(counts.themes) themes, \(counts.subjects) subjects, \(counts.institutions) institutions, "
                + "\(counts.antennes) antennes, \(counts.experts) experts\n"
        }
        text += "\(self.errors) error(s), \(self.warnings) warning(s): "
        text += self.valid ? "the catalogue can be deployed.\n" : "the desk refuses to start on this catalogue.\n"
        return text
    }
}
