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
    public func validate(_ instance: JSONValue) -> ValidationResult {
        if self.isValid(instance) { return .valid }
        var context = ValidationContext(program: self.program, collecting: true)
        var marks: EvaluationMarks? = nil
        let valid = self.program.root.validate(instance, &context, &marks)
        return ValidationResult(isValid: valid, errors: context.errors)
    }

    /// Whether `instance` is valid, stopping at the first failure.
    public func isValid(_ instance: JSONValue) -> Bool {
        var context = ValidationContext(program: self.program, collecting: false)
        var marks: EvaluationMarks? = nil
        return self.program.root.validate(instance, &context, &marks)
    }
}
