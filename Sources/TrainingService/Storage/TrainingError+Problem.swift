import ServiceRuntime
import TrainingDomain

extension TrainingError {
    /// The HTTP problem (and the parking reason of a command): a broken field is 400, a clash with the state is 409.
    var problem: ServiceProblem {
        let kind: ServiceProblem.Kind = [.invalidField, .unknownCourse].contains(self.code) ? .invalid : .conflict
        return ServiceProblem(kind, code: self.code.rawValue, field: self.field, rule: self.rule, self.message)
    }
}

extension ServiceTransaction {
    /// Runs `body`, turning a refused training action into its problem.
    func training<T>(_ body: () throws(TrainingError) -> T) throws -> T {
        do { return try body() } catch { throw error.problem }
    }
}
