/// A compiled schema, ready to validate any number of instances from any thread.
public struct CompiledSchema: Sendable {
    private let program: SchemaProgram

    init(program: SchemaProgram) {
        self.program = program
    }

    /// Validates `instance` and reports every error.
    ///
    /// A valid instance takes the fast path, which allocates nothing for errors; an invalid one is
    /// evaluated a second time to collect the errors with their locations.
    ///
    /// A `pattern` on the ICU fallback that runs past its time limit makes the instance invalid, with an error
    /// saying so (see `PatternMatcher`).
    public func validate(_ instance: JSONValue) -> ValidationResult {
        var fast = ValidationContext(program: self.program, collecting: false)
        var fastMarks: EvaluationMarks? = nil
        if self.program.root.validate(instance, &fast, &fastMarks), fast.runaway == nil { return .valid }
        var context = ValidationContext(program: self.program, collecting: true)
        // A pattern that ran away is not given a second time limit.
        context.runaway = fast.runaway
        var marks: EvaluationMarks? = nil
        let valid = self.program.root.validate(instance, &context, &marks)
        if let runaway = context.runaway {
            return ValidationResult(isValid: false, errors: context.errors + [runaway])
        }
        return ValidationResult(isValid: valid, errors: context.errors)
    }

    /// Whether `instance` is valid, stopping at the first failure.
    public func isValid(_ instance: JSONValue) -> Bool {
        var context = ValidationContext(program: self.program, collecting: false)
        var marks: EvaluationMarks? = nil
        return self.program.root.validate(instance, &context, &marks) && context.runaway == nil
    }
}
