/// Why a candidate expert (one covering the commune, or global) was not matched.
public struct RoutingExclusion: Sendable, Hashable, Codable {
    /// The step of domain §5.2 that excluded the expert.
    public enum Step: String, Sendable, Hashable, Codable {
        /// Step 2: the expert does not take the need's subject.
        case subject
        /// Step 3: a match filter of the antenne or its institution.
        case filters
        /// Step 4: an answer to one of the subject's questions excludes the institution.
        case questions
    }

    /// One rule that excluded the expert.
    public struct Reason: Sendable, Hashable, Codable {
        /// `subject`, a filter name (`excludedNafCodes`), or a question id (`projectAbove50k`).
        public let rule: String
        /// Whose rule it is: `expert cci21-conseiller-rh`, `antenne region-bfc-economie`, `institution bpifrance`.
        public let source: String
        /// A sentence for people: `excludedNafCodes: 56.10A matches excluded prefix 56.10`.
        public let detail: String

        public init(rule: String, source: String, detail: String) {
            self.rule = rule
            self.source = source
            self.detail = detail
        }
    }

    public let expert: RoutedExpert
    public let step: Step
    /// At least one; every failing filter at step 3.
    public let reasons: [Reason]

    public init(expert: RoutedExpert, step: Step, reasons: [Reason]) {
        self.expert = expert
        self.step = step
        self.reasons = reasons
    }
}
