import Foundation
import JSONSchema
import Testing

@Suite struct BenchmarkTests {
    @Test func theSampleEventIsValidAndAboutOneKilobyte() throws {
        let compiled = try JSONSchema.compile(try JSONValue(parsing: JSONSchemaBenchmark.sampleSchema))
        let event = try JSONValue(parsing: JSONSchemaBenchmark.sampleEvent)
        #expect(compiled.validate(event) == .valid)
        #expect((900...1300).contains(JSONSchemaBenchmark.sampleEvent.utf8.count))
        #expect(event.objectValue?.count ?? 0 >= 15)
    }

    @Test func theSampleSchemaCatchesBrokenEvents() throws {
        let compiled = try JSONSchema.compile(try JSONValue(parsing: JSONSchemaBenchmark.sampleSchema))
        guard case .object(var event) = try JSONValue(parsing: JSONSchemaBenchmark.sampleEvent) else {
            Issue.record("the sample event is an object")
            return
        }
        event["estimatedAmount"] = 10.001
        event["currency"] = "eur"
        let result = compiled.validate(.object(event))
        #expect(
            result.errors.map(\.keywordLocation) == [
                "/properties/estimatedAmount/multipleOf", "/properties/currency/pattern",
            ])
    }

    @Test func runReportsPositiveRates() {
        let rates = JSONSchemaBenchmark.run(iterations: 50)
        #expect(rates.validationsPerSecond > 0)
        #expect(rates.parseAndValidatePerSecond > 0)
    }
}

@Suite struct ConcurrencyTests {
    @Test func oneCompiledSchemaValidatesFromManyTasks() async throws {
        let compiled = try JSONSchema.compile(try JSONValue(parsing: JSONSchemaBenchmark.sampleSchema))
        let event = try JSONValue(parsing: JSONSchemaBenchmark.sampleEvent)
        let broken = try JSONValue(
            parsing: JSONSchemaBenchmark.sampleEvent.replacingOccurrences(of: "EUR", with: "euro"))
        let counts = await withTaskGroup(of: (Int, Int).self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var valid = 0
                    var errors = 0
                    for _ in 0..<200 {
                        if compiled.validate(event).isValid { valid += 1 }
                        errors += compiled.validate(broken).errors.count
                    }
                    return (valid, errors)
                }
            }
            var total = (0, 0)
            for await count in group { total = (total.0 + count.0, total.1 + count.1) }
            return total
        }
        #expect(counts.0 == 800)
        #expect(counts.1 == 800)
    }
}
