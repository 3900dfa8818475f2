import ContractMessaging
import Contracts
import Foundation
import JSONSchema

/// Target `schema`: the JSON Schema 2020-12 compiler and validator.
///
/// The input is parsed as JSON, then
/// 1. validated against a few real contract schemas, loaded as `ServiceHost.load` does (`ContractLoader`, then
///    `MessageCatalog`, which compiles with the contracts' formats and the registry of `common.json` files);
/// 2. compiled as a schema itself and the input validated against it;
/// 3. when it looks like a JSON-Schema-Test-Suite file or group (`{"schema": …, "tests": [{"data": …}]}`, or an
///    array of those, or `[schema, instance…]`), each schema compiled and each instance validated.
///
/// Checks: no crash or hang; `isValid` (the fast path) and `validate` (which collects errors) agree; an invalid
/// result names at least one error; every error message is non-empty.
enum SchemaFuzz {
    /// Message types whose schemas are used: commands and events with nested objects, arrays, formats
    /// (`date-time`, `siret`, `uuid`), enums and `$ref`s into `common.json`.
    static let contractTypes = [
        "procurement.tender.publish.v1",
        "procurement.bid.submit.v1",
        "procurement.award.decided.v1",
        "procurement.question.ask.v1",
        "procurement.tender.published.v1",
    ]

    private static let catalogBox = CatalogBox()

    final class CatalogBox: @unchecked Sendable {
        // Written once in `prepare`, before libFuzzer runs any input; read-only afterwards.
        var schemas: [(type: String, schema: CompiledSchema)] = []
        var catalog: MessageCatalog?
    }

    /// The contracts folder: `$PASSERELLE_CONTRACTS`, else `./contracts`, else the repository's (from this file's path).
    static func contractsFolder() -> URL {
        if let path = ProcessInfo.processInfo.environment["PASSERELLE_CONTRACTS"] {
            return URL(fileURLWithPath: path)
        }
        if FileManager.default.fileExists(atPath: "contracts/procurement/asyncapi.yaml") {
            return URL(fileURLWithPath: "contracts")
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("contracts")
    }

    static func prepare() {
        let loaded = ContractLoader(root: self.contractsFolder()).load()
        if let error = loaded.errors.first {
            fatalError("cannot load the contracts for the schema target: \(error)")
        }
        let catalog: MessageCatalog
        do {
            catalog = try MessageCatalog(hub: loaded.hub)
        } catch {
            fatalError("the contracts do not compile: \(error)")
        }
        self.catalogBox.catalog = catalog
        self.catalogBox.schemas = self.contractTypes.map { type in
            guard let entry = catalog.entries[type] else { fatalError("no message type \(type) in the contracts") }
            return (type, entry.schema)
        }
    }

    static func run(_ bytes: UnsafeRawBufferPointer) {
        guard let value = try? JSONValue(parsing: Array(bytes)) else { return }
        if let catalog = self.catalogBox.catalog {
            for (type, schema) in self.catalogBox.schemas {
                self.check(schema, value)
                // The runtime's path: catalog validation, refusal as a ContractViolation naming fields.
                do {
                    try catalog.validate(value, as: type)
                } catch let violation as ContractViolation {
                    fuzzCheck(!violation.description.isEmpty, "empty contract violation")
                } catch {
                    fatalError("unexpected error validating \(type): \(error)")
                }
            }
        }
        // The input as a schema, validated against itself and a few fixed instances.
        if let schema = self.compile(value) {
            let instances = [value] + self.fixedInstances
            for instance in instances { self.check(schema, instance) }
            self.checkWrapped(value, schema, instances)
        }
        // Test-suite shaped inputs.
        for (schemaValue, instances) in self.groups(in: value) {
            guard let schema = self.compile(schemaValue) else { continue }
            for instance in instances.prefix(16) { self.check(schema, instance) }
            self.checkWrapped(schemaValue, schema, Array(instances.prefix(16)))
        }
    }

    static let fixedInstances: [JSONValue] = [
        .null, true, 0, -1, 1.5, "", "2026-04-02T10:00:00Z", [], [1, "a", nil], [:], ["a": 1, "b": ["c": []]],
    ]

    static func compile(_ value: JSONValue) -> CompiledSchema? {
        do {
            return try JSONSchema.compile(value)
        } catch {
            fuzzCheck(!error.reason.isEmpty, "a schema compile error without a reason")
            return nil
        }
    }

    /// Whether a result comes from a pattern stopped at its time limit (JSONSchema's PatternMatcher): such a
    /// result may differ between two runs of the same validation, so the comparisons skip it.
    static func ranAway(_ result: ValidationResult) -> Bool {
        result.errors.contains { $0.message.contains("took too long to match") }
    }

    static func check(_ schema: CompiledSchema, _ instance: JSONValue) {
        let started = ContinuousClock.now
        let fast = schema.isValid(instance)
        let result = schema.validate(instance)
        // A match near the ICU time limit may stop in one run and not in the other.
        let nearTheLimit = ContinuousClock.now - started > .milliseconds(50) || self.ranAway(result)
        fuzzCheck(fast == result.isValid || nearTheLimit, "isValid says \(fast), validate says \(result.isValid)")
        fuzzCheck(result.isValid == result.errors.isEmpty, "valid: \(result.isValid) with \(result.errors.count) error(s)")
        for error in result.errors {
            // (`keyword` is empty for a `false` schema: there is no keyword to name.)
            fuzzCheck(!error.message.isEmpty, "an error without a message: \(error)")
        }
    }

    /// Metamorphic checks: `{"not": S}` accepts exactly what S refuses, and `{"allOf": [S, true], "anyOf": [S]}`
    /// exactly what S accepts. S is embedded as its own resource (an `$id`), so its `#/…` references keep
    /// pointing inside it.
    static func checkWrapped(_ schemaValue: JSONValue, _ schema: CompiledSchema, _ instances: [JSONValue]) {
        var inner = schemaValue
        if case .object(var object) = schemaValue, object["$id"] == nil {
            // A `$schema`, `$anchor` or `$dynamicAnchor` keeps its meaning inside an embedded resource.
            object["$id"] = "urn:passerelle:fuzz:embedded"
            inner = .object(object)
        }
        guard let negated = try? JSONSchema.compile(["not": inner]),
            let same = try? JSONSchema.compile(["allOf": [inner, true], "anyOf": [inner]])
        else { return }
        for instance in instances {
            let started = ContinuousClock.now
            let result = schema.validate(instance)
            guard !self.ranAway(result), ContinuousClock.now - started < .milliseconds(50) else { continue }
            let valid = result.isValid
            let negatedValid = negated.isValid(instance)
            let sameValid = same.isValid(instance)
            guard ContinuousClock.now - started < .milliseconds(50) else { continue }
            fuzzCheck(negatedValid == !valid, "{\"not\": S} agrees with S (\(valid))")
            fuzzCheck(sameValid == valid, "{\"allOf\": [S, true], \"anyOf\": [S]} disagrees with S (\(valid))")
        }
    }

    /// `(schema, instances)` pairs found in a suite-shaped value.
    static func groups(in value: JSONValue) -> [(JSONValue, [JSONValue])] {
        func group(_ object: JSONObject) -> (JSONValue, [JSONValue])? {
            guard let schema = object["schema"] else { return nil }
            let tests = object["tests"]?.arrayValue ?? []
            return (schema, tests.compactMap { $0["data"] })
        }
        switch value {
        case .object(let object):
            return group(object).map { [$0] } ?? []
        case .array(let elements):
            let found = elements.prefix(8).compactMap { $0.objectValue.flatMap(group) }
            if !found.isEmpty { return found }
            if let first = elements.first, elements.count > 1 { return [(first, Array(elements.dropFirst()))] }
            return []
        default:
            return []
        }
    }
}
