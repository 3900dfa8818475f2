extension SchemaNode {
    /// Validates `value`; adds to `marks` (when not `nil`) the members and items this node evaluated.
    func validate(_ value: JSONValue, _ context: inout ValidationContext, _ marks: inout EvaluationMarks?) -> Bool {
        if let boolean = self.boolean {
            if !boolean, context.collecting { context.reportFalseSchema(self) }
            return boolean
        }
        if self.acceptsEverything { return true }
        var enteredScope = false
        if context.program.usesDynamicScope, context.dynamicScope.last != self.resource {
            context.dynamicScope.append(self.resource)
            enteredScope = true
        }
        defer { if enteredScope { context.dynamicScope.removeLast() } }

        var local: EvaluationMarks? = (marks != nil || self.tracksEvaluation) ? EvaluationMarks() : nil
        var valid = true
        for keyword in self.assertions where !self.check(keyword, value, &context) {
            guard context.collecting else { return false }
            valid = false
        }
        switch value {
        case .number(let number):
            for keyword in self.numberKeywords where !self.check(keyword, number, &context) {
                guard context.collecting else { return false }
                valid = false
            }
        case .string(let string):
            for keyword in self.stringKeywords where !self.check(keyword, string, &context) {
                guard context.collecting else { return false }
                valid = false
            }
        case .array(let array):
            for keyword in self.arrayKeywords where !self.check(keyword, array, &context, &local) {
                guard context.collecting else { return false }
                valid = false
            }
        case .object(let object):
            for keyword in self.objectKeywords where !self.check(keyword, object, &context, &local) {
                guard context.collecting else { return false }
                valid = false
            }
        default:
            break
        }
        for applicator in self.applicators where !self.apply(applicator, value, &context, &local) {
            guard context.collecting else { return false }
            valid = false
        }
        if self.tracksEvaluation, !self.checkUnevaluated(value, &context, &local) {
            guard context.collecting else { return false }
            valid = false
        }
        if valid, marks != nil, let local { marks!.merge(local) }
        return valid
    }

    private func check(_ keyword: GeneralKeyword, _ value: JSONValue, _ context: inout ValidationContext) -> Bool {
        switch keyword {
        case .type(let types):
            if types.admits(value) { return true }
            if context.collecting {
                context.report(self, "type", "must be of type \(types.listDescription), not \(value.typeName)")
            }
            return false
        case .constant(let expected):
            if value == expected { return true }
            if context.collecting {
                context.report(self, "const", "must be equal to the constant \(SchemaNode.excerpt(expected))")
            }
            return false
        case .enumeration(let allowed):
            for candidate in allowed where candidate == value { return true }
            if context.collecting {
                context.report(self, "enum", "must be one of \(SchemaNode.excerpt(.array(allowed)))")
            }
            return false
        }
    }

    private func check(_ keyword: NumberKeyword, _ number: JSONNumber, _ context: inout ValidationContext) -> Bool {
        switch keyword {
        case .minimum(let limit):
            if let order = JSONNumber.compare(number, limit), order >= 0 { return true }
            if context.collecting { context.report(self, "minimum", "must be greater than or equal to \(limit)") }
            return false
        case .maximum(let limit):
            if let order = JSONNumber.compare(number, limit), order <= 0 { return true }
            if context.collecting { context.report(self, "maximum", "must be less than or equal to \(limit)") }
            return false
        case .exclusiveMinimum(let limit):
            if let order = JSONNumber.compare(number, limit), order > 0 { return true }
            if context.collecting { context.report(self, "exclusiveMinimum", "must be greater than \(limit)") }
            return false
        case .exclusiveMaximum(let limit):
            if let order = JSONNumber.compare(number, limit), order < 0 { return true }
            if context.collecting { context.report(self, "exclusiveMaximum", "must be less than \(limit)") }
            return false
        case .multipleOf(let divisor):
            if divisor.divides(number) { return true }
            if context.collecting { context.report(self, "multipleOf", "must be a multiple of \(divisor.number)") }
            return false
        }
    }

    private func check(_ keyword: StringKeyword, _ string: String, _ context: inout ValidationContext) -> Bool {
        switch keyword {
        case .minLength(let minimum):
            // Code points never outnumber UTF-8 bytes, and a byte count is O(1).
            let bytes = string.utf8.count
            if bytes >= minimum, bytes / 4 >= minimum || string.unicodeScalars.count >= minimum { return true }
            if context.collecting {
                context.report(
                    self, "minLength", "must be at least \(minimum) character\(minimum == 1 ? "" : "s") long")
            }
            return false
        case .maxLength(let maximum):
            if string.utf8.count <= maximum || string.unicodeScalars.count <= maximum { return true }
            if context.collecting {
                context.report(self, "maxLength", "must be at most \(maximum) character\(maximum == 1 ? "" : "s") long")
            }
            return false
        case .pattern(let matcher):
            if context.matches(matcher, string, node: self, keyword: "pattern") { return true }
            if context.collecting { context.report(self, "pattern", "must match pattern \(matcher.source)") }
            return false
        case .format(let format):
            if format.check(string) { return true }
            if context.collecting { context.report(self, "format", "must be a valid \(format.name)") }
            return false
        }
    }

    /// A short JSON rendering of a schema value for messages.
    static func excerpt(_ value: JSONValue) -> String {
        let text = value.jsonString()
        guard text.count > 120 else { return text }
        return String(text.prefix(117)) + "..."
    }
}
