import Foundation
import JSONSchema
import Testing

/// Runs the official JSON-Schema-Test-Suite (draft 2020-12) shipped in `shared/testdata`.
///
/// Every `*.json` file of `draft2020-12/` runs with formats as annotations (the draft's default),
/// and `optional/format/<name>.json` runs with assertion on for each format we assert. Documents
/// under `remotes/` are registered as `http://localhost:1234/…`, so remote references resolve.
/// Only the cases in ``OfficialSuiteTests/skipped`` are skipped; they are counted apart, never
/// as passed, and the test fails if any other case fails.
@Suite struct OfficialSuiteTests {
    /// Groups that cannot run, by file and group description, with the reason.
    static let skipped: [(file: String, group: String, reason: String)] = [
        (
            "defs.json", "validate definition against metaschema",
            "validates against the draft 2020-12 meta-schema, which is not bundled"
        ),
        (
            "ref.json", "remote ref, containing refs itself",
            "$ref to https://json-schema.org/draft/2020-12/schema, the meta-schema, which is not bundled"
        ),
    ]

    struct Tally {
        var passed = 0
        var skipped = 0
        var failed = 0
    }

    @Test func draft2020_12PassesEveryCaseOutsideTheSkipList() throws {
        let suite = try #require(OfficialSuiteTests.suiteDirectory(), "JSON-Schema-Test-Suite not found")
        let draft = suite.appendingPathComponent("draft2020-12")
        let registry = try OfficialSuiteTests.remotes(in: suite)
        var files: [(name: String, url: URL, options: SchemaOptions)] = []
        let names = try FileManager.default.contentsOfDirectory(atPath: draft.path).filter { $0.hasSuffix(".json") }
        for name in names.sorted() {
            files.append((name, draft.appendingPathComponent(name), .formatsAsAnnotations))
        }
        let formatDirectory = draft.appendingPathComponent("optional/format")
        for format in FormatCheckers.all.keys.sorted() {
            let url = formatDirectory.appendingPathComponent(format + ".json")
            if FileManager.default.fileExists(atPath: url.path) {
                files.append(("optional/format/\(format).json", url, .default))
            }
        }

        var total = Tally()
        var failures: [String] = []
        var report: [String] = []
        for file in files {
            var tally = Tally()
            let groups = try JSONValue(parsing: Data(contentsOf: file.url))
            for group in groups.arrayValue ?? [] {
                let description = group["description"]?.stringValue ?? "?"
                let tests = group["tests"]?.arrayValue ?? []
                if OfficialSuiteTests.skipped.contains(where: { $0.file == file.name && $0.group == description }) {
                    tally.skipped += tests.count
                    continue
                }
                let schema: CompiledSchema
                do {
                    schema = try JSONSchema.compile(group["schema"] ?? true, registry: registry, options: file.options)
                } catch {
                    tally.failed += tests.count
                    failures.append("\(file.name) / \(description): compile error \(error)")
                    continue
                }
                for test in tests {
                    let expected = test["valid"]?.boolValue ?? false
                    let data = test["data"] ?? .null
                    let result = schema.validate(data)
                    // The fast path, the error-collecting path and the error list must all agree.
                    if result.isValid == expected, schema.isValid(data) == expected,
                        result.isValid == result.errors.isEmpty
                    {
                        tally.passed += 1
                    } else {
                        tally.failed += 1
                        let name = test["description"]?.stringValue ?? "?"
                        failures.append("\(file.name) / \(description) / \(name): expected valid=\(expected)")
                    }
                }
            }
            report.append("\(file.name): \(tally.passed) passed, \(tally.skipped) skipped, \(tally.failed) failed")
            total.passed += tally.passed
            total.skipped += tally.skipped
            total.failed += tally.failed
        }
        print("JSON-Schema-Test-Suite draft 2020-12:")
        for line in report { print("  " + line) }
        print("  total: \(total.passed) passed, \(total.skipped) skipped, \(total.failed) failed")
        for skip in OfficialSuiteTests.skipped { print("  skipped: \(skip.file) / \(skip.group): \(skip.reason)") }
        for failure in failures { print("  FAILED: " + failure) }
        #expect(failures.isEmpty)
        #expect(total.passed > 0)
    }

    /// `JSON_SCHEMA_TEST_SUITE`, else `shared/testdata/json-schema-test-suite` beside the repository.
    static func suiteDirectory() -> URL? {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(
            repository.deletingLastPathComponent().appendingPathComponent("shared/testdata/json-schema-test-suite"))
        candidates.append(URL(fileURLWithPath: "/work/shared/testdata/json-schema-test-suite"))
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("draft2020-12").path)
        }
    }

    /// Every file under `remotes/`, registered as `http://localhost:1234/<relative path>`.
    static func remotes(in suite: URL) throws -> SchemaRegistry {
        var registry = SchemaRegistry()
        let remotes = suite.appendingPathComponent("remotes")
        guard let enumerator = FileManager.default.enumerator(atPath: remotes.path) else { return registry }
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".json") else { continue }
            let document = try JSONValue(parsing: Data(contentsOf: remotes.appendingPathComponent(relative)))
            registry.register(document, as: "http://localhost:1234/" + relative)
        }
        return registry
    }
}
