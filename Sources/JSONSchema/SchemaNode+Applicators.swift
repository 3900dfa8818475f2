extension SchemaNode {
    func apply(
        _ applicator: ApplicatorKeyword,
        _ value: JSONValue,
        _ context: inout ValidationContext,
        _ marks: inout EvaluationMarks?
    ) -> Bool {
        switch applicator {
        case .allOf(let schemas):
            var valid = true
            for (index, schema) in schemas.enumerated()
            where !context.apply(schema, to: value, marks: &marks, keyword: "allOf", token: .index(index)) {
                guard context.collecting else { return false }
                valid = false
            }
            return valid
        case .anyOf(let schemas):
            return self.applyAnyOf(schemas, value, &context, &marks)
        case .oneOf(let schemas):
            return self.applyOneOf(schemas, value, &context, &marks)
        case .not(let schema):
            var none: EvaluationMarks? = nil
            if !context.silently({ schema.validate(value, &$0, &none) }) { return true }
            if context.collecting { context.report(self, "not", "must not be valid against the schema in not") }
            return false
        case .conditional(let condition, let then, let otherwise):
            if then == nil, otherwise == nil, marks == nil { return true }
            var conditionMarks: EvaluationMarks? = marks == nil ? nil : EvaluationMarks()
            let holds = context.silently { condition.validate(value, &$0, &conditionMarks) }
            if holds, let conditionMarks { marks?.merge(conditionMarks) }
            if holds, let then { return context.apply(then, to: value, marks: &marks, keyword: "then") }
            if !holds, let otherwise { return context.apply(otherwise, to: value, marks: &marks, keyword: "else") }
            return true
        case .reference(let index):
            return self.follow(context.program.table[index], "$ref", value, &context, &marks)
        case .dynamicReference(let name, let initial):
            var target = initial
            for resource in context.dynamicScope {
                if let index = context.program.dynamicAnchors[resource][name] {
                    target = index
                    break
                }
            }
            return self.follow(context.program.table[target], "$dynamicRef", value, &context, &marks)
        }
    }

    private func follow(
        _ target: SchemaNode,
        _ keyword: String,
        _ value: JSONValue,
        _ context: inout ValidationContext,
        _ marks: inout EvaluationMarks?
    ) -> Bool {
        guard context.referenceDepth < ValidationContext.maximumReferenceDepth else {
            if context.collecting { context.report(self, keyword, "references nest too deeply (more than 200 levels)") }
            return false
        }
        context.referenceDepth += 1
        defer { context.referenceDepth -= 1 }
        return context.apply(target, to: value, marks: &marks, keyword: keyword)
    }

    private func applyAnyOf(
        _ schemas: [SchemaNode],
        _ value: JSONValue,
        _ context: inout ValidationContext,
        _ marks: inout EvaluationMarks?
    ) -> Bool {
        let errorCount = context.errors.count
        var valid = false
        for (index, schema) in schemas.enumerated() {
            var branchMarks: EvaluationMarks? = marks == nil ? nil : EvaluationMarks()
            guard context.apply(schema, to: value, marks: &branchMarks, keyword: "anyOf", token: .index(index)) else {
                continue
            }
            valid = true
            guard let branchMarks else { break }
            marks?.merge(branchMarks)
        }
        guard context.collecting else { return valid }
        if valid {
            context.errors.removeSubrange(errorCount...)
        } else {
            let details = Array(context.errors[errorCount...])
            context.errors.removeSubrange(errorCount...)
            context.report(self, "anyOf", "must be valid against at least one schema in anyOf")
            context.errors.append(contentsOf: details)
        }
        return valid
    }

    private func applyOneOf(
        _ schemas: [SchemaNode],
        _ value: JSONValue,
        _ context: inout ValidationContext,
        _ marks: inout EvaluationMarks?
    ) -> Bool {
        let errorCount = context.errors.count
        var matched: [Int] = []
        var matchedMarks: EvaluationMarks?
        for (index, schema) in schemas.enumerated() {
            var branchMarks: EvaluationMarks? = marks == nil ? nil : EvaluationMarks()
            guard context.apply(schema, to: value, marks: &branchMarks, keyword: "oneOf", token: .index(index)) else {
                continue
            }
            matched.append(index)
            matchedMarks = branchMarks
            if matched.count > 1, !context.collecting { return false }
        }
        if matched.count == 1 {
            if let matchedMarks { marks?.merge(matchedMarks) }
            if context.collecting { context.errors.removeSubrange(errorCount...) }
            return true
        }
        guard context.collecting else { return false }
        let details = Array(context.errors[errorCount...])
        context.errors.removeSubrange(errorCount...)
        if matched.isEmpty {
            context.report(
                self, "oneOf", "must be valid against exactly one schema in oneOf, but is valid against none")
            context.errors.append(contentsOf: details)
        } else {
            let list = matched.map(String.init).joined(separator: ", ")
            context.report(
                self, "oneOf", "must be valid against exactly one schema in oneOf, but is valid against \(list)"
            )
        }
        return false
    }

    /// `unevaluatedProperties` and `unevaluatedItems`, given the marks of every other keyword.
    func checkUnevaluated(
        _ value: JSONValue,
        _ context: inout ValidationContext,
        _ marks: inout EvaluationMarks?
    ) -> Bool {
        var valid = true
        switch value {
        case .object(let object):
            guard let schema = self.unevaluatedProperties else { return true }
            for (position, member) in object.members.enumerated() where !(marks?.isPropertyMarked(position) ?? false) {
                if context.applyToChild(
                    schema, to: member.value, keyword: "unevaluatedProperties", instance: .key(member.key))
                {
                    marks?.markProperty(position, count: object.count)
                } else {
                    guard context.collecting else { return false }
                    valid = false
                }
            }
        case .array(let array):
            guard let schema = self.unevaluatedItems else { return true }
            for (index, item) in array.enumerated() where !(marks?.isItemMarked(index) ?? false) {
                if context.applyToChild(schema, to: item, keyword: "unevaluatedItems", instance: .index(index)) {
                    marks?.markItem(index, count: array.count)
                } else {
                    guard context.collecting else { return false }
                    valid = false
                }
            }
        default:
            break
        }
        return valid
    }
}
