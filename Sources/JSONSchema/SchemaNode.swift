/// One compiled schema (an object or boolean schema) with its keywords sorted by the instance
/// type they apply to, so validating a string never looks at object keywords.
///
/// Nodes are immutable after compilation; `$ref` targets are reached through ``SchemaProgram``'s
/// table by index, which is what lets recursive schemas be built without mutation.
final class SchemaNode: Sendable {
    /// `true` or `false` for a boolean schema, `nil` for an object schema.
    let boolean: Bool?
    /// `type`, `enum`, `const`: checked first, whatever the instance type.
    let assertions: [GeneralKeyword]
    /// Keywords for numbers.
    let numberKeywords: [NumberKeyword]
    /// Keywords for strings.
    let stringKeywords: [StringKeyword]
    /// Keywords for arrays.
    let arrayKeywords: [ArrayKeyword]
    /// Keywords for objects.
    let objectKeywords: [ObjectKeyword]
    /// In-place applicators (`allOf`, `$ref`, `if`, …), run after the type-specific keywords.
    let applicators: [ApplicatorKeyword]
    /// `unevaluatedProperties`, run last.
    let unevaluatedProperties: SchemaNode?
    /// `unevaluatedItems`, run last.
    let unevaluatedItems: SchemaNode?
    /// Whether this node needs the evaluated-property/item marks of its siblings.
    let tracksEvaluation: Bool
    /// Whether the node accepts everything (no assertion at all), so validation can skip it.
    let acceptsEverything: Bool
    /// The schema resource this node belongs to (for `$dynamicRef` scopes).
    let resource: Int
    /// The absolute location of the node: document URI, `#`, JSON pointer.
    let absoluteLocation: String

    init(boolean: Bool, resource: Int, absoluteLocation: String) {
        self.boolean = boolean
        self.assertions = []
        self.numberKeywords = []
        self.stringKeywords = []
        self.arrayKeywords = []
        self.objectKeywords = []
        self.applicators = []
        self.unevaluatedProperties = nil
        self.unevaluatedItems = nil
        self.tracksEvaluation = false
        self.acceptsEverything = boolean
        self.resource = resource
        self.absoluteLocation = absoluteLocation
    }

    init(
        assertions: [GeneralKeyword],
        numberKeywords: [NumberKeyword],
        stringKeywords: [StringKeyword],
        arrayKeywords: [ArrayKeyword],
        objectKeywords: [ObjectKeyword],
        applicators: [ApplicatorKeyword],
        unevaluatedProperties: SchemaNode?,
        unevaluatedItems: SchemaNode?,
        resource: Int,
        absoluteLocation: String
    ) {
        self.boolean = nil
        self.assertions = assertions
        self.numberKeywords = numberKeywords
        self.stringKeywords = stringKeywords
        self.arrayKeywords = arrayKeywords
        self.objectKeywords = objectKeywords
        self.applicators = applicators
        self.unevaluatedProperties = unevaluatedProperties
        self.unevaluatedItems = unevaluatedItems
        self.tracksEvaluation = unevaluatedProperties != nil || unevaluatedItems != nil
        self.acceptsEverything =
            assertions.isEmpty && numberKeywords.isEmpty && stringKeywords.isEmpty
            && arrayKeywords.isEmpty && objectKeywords.isEmpty && applicators.isEmpty && !self.tracksEvaluation
        self.resource = resource
        self.absoluteLocation = absoluteLocation
    }
}
