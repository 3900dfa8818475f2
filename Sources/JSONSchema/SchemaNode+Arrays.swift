extension SchemaNode {
    func check(
        _ keyword: ArrayKeyword,
        _ array: [JSONValue],
        _ context: inout ValidationContext,
        _ marks: inout EvaluationMarks?
    ) -> Bool {
        switch keyword {
        case .minItems(let minimum):
            if array.count >= minimum { return true }
            if context.collecting {
                context.report(self, "minItems", "must have at least \(minimum) item\(minimum == 1 ? "" : "s")")
            }
            return false
        case .maxItems(let maximum):
            if array.count <= maximum { return true }
            if context.collecting {
                context.report(self, "maxItems", "must have at most \(maximum) item\(maximum == 1 ? "" : "s")")
            }
            return false
        case .uniqueItems:
            guard let (first, second) = SchemaNode.firstDuplicate(in: array) else { return true }
            if context.collecting {
                context.report(self, "uniqueItems", "items must be unique, but items \(first) and \(second) are equal")
            }
            return false
        case .prefixItems(let schemas):
            var valid = true
            for index in 0..<min(schemas.count, array.count) {
                let ok = context.applyToChild(
                    schemas[index], to: array[index], keyword: "prefixItems", token: .index(index),
                    instance: .index(index)
                )
                if !ok {
                    guard context.collecting else { return false }
                    valid = false
                }
            }
            marks?.markItems(0..<min(schemas.count, array.count), count: array.count)
            return valid
        case .items(let schema, let start):
            guard start < array.count else { return true }
            var valid = true
            for index in start..<array.count
            where !context.applyToChild(schema, to: array[index], keyword: "items", instance: .index(index)) {
                guard context.collecting else { return false }
                valid = false
            }
            marks?.markItems(start..<array.count, count: array.count)
            return valid
        case .contains(let schema, let minimum, let maximum):
            return self.checkContains(schema, minimum: minimum, maximum: maximum, array, &context, &marks)
        }
    }

    private func checkContains(
        _ schema: SchemaNode,
        minimum: Int,
        maximum: Int?,
        _ array: [JSONValue],
        _ context: inout ValidationContext,
        _ marks: inout EvaluationMarks?
    ) -> Bool {
        var matches = 0
        for (index, item) in array.enumerated() {
            var none: EvaluationMarks? = nil
            if context.silently({ schema.validate(item, &$0, &none) }) {
                matches += 1
                marks?.markItem(index, count: array.count)
                if marks == nil, maximum == nil, matches >= minimum { return true }
            }
        }
        if matches < minimum {
            if context.collecting {
                let keyword = minimum == 1 ? "contains" : "minContains"
                context.report(
                    self, keyword,
                    "must contain at least \(minimum) item\(minimum == 1 ? "" : "s") matching the contains schema"
                )
            }
            return false
        }
        if let maximum, matches > maximum {
            if context.collecting {
                context.report(
                    self, "maxContains",
                    "must contain at most \(maximum) item\(maximum == 1 ? "" : "s") matching the contains schema"
                )
            }
            return false
        }
        return true
    }

    /// The indexes of the first two equal items (JSON Schema equality), if any.
    static func firstDuplicate(in array: [JSONValue]) -> (Int, Int)? {
        if array.count <= 16 {
            for second in array.indices {
                for first in 0..<second where array[first] == array[second] { return (first, second) }
            }
            return nil
        }
        var seen: [JSONValue: Int] = [:]
        for (index, item) in array.enumerated() {
            if let first = seen[item] { return (first, index) }
            seen[item] = index
        }
        return nil
    }
}
