/// One difference between two versions of a message schema, with its effect on compatibility.
public struct SchemaChange: Sendable, Hashable {
    /// What changed.
    public enum Kind: String, Sendable, Hashable {
        case requiredAdded = "required property added"
        case requiredRemoved = "required property removed"
        case propertyAddedToOpenModel = "property added to an open model"
        case propertyAddedToClosedModel = "property added to a closed model"
        case propertyRemovedFromOpenModel = "property removed from an open model"
        case propertyRemovedFromClosedModel = "property removed from a closed model"
        case typeWidened = "type widened"
        case typeNarrowed = "type narrowed"
        case typeChanged = "type changed"
        case enumValueAdded = "enum value added"
        case enumValueRemoved = "enum value removed"
        case enumAdded = "enum added"
        case enumRemoved = "enum removed"
        case constChanged = "const changed"
        case additionalPropertiesOpened = "additionalProperties opened"
        case additionalPropertiesClosed = "additionalProperties closed"
        case boundLoosened = "bound loosened"
        case boundTightened = "bound tightened"
        case patternAdded = "pattern added"
        case patternRemoved = "pattern removed"
        case patternChanged = "pattern changed"
        case formatAdded = "format added"
        case formatRemoved = "format removed"
        case formatChanged = "format changed"
        case refChanged = "$ref target changed"
        case branchAdded = "anyOf/oneOf branch added"
        case branchRemoved = "anyOf/oneOf branch removed"
        case uniqueItemsAdded = "uniqueItems added"
        case uniqueItemsRemoved = "uniqueItems removed"
        case schemaReplaced = "schema replaced"
        case annotationChanged = "annotation changed"
    }

    /// What changed.
    public var kind: Kind
    /// The JSON pointer of the changed keyword in the new schema (or the old one for removals).
    public var path: String
    /// A plain explanation, e.g. `maxLength 200 → 100`.
    public var detail: String
    /// Whether every document valid under the old schema is still valid under the new one.
    public var isBackwardCompatible: Bool
    /// Whether every document valid under the new schema is also valid under the old one.
    public var isForwardCompatible: Bool

    /// Creates a change.
    ///
    /// - Parameters:
    ///   - kind: What changed.
    ///   - path: The JSON pointer of the change.
    ///   - detail: A plain explanation.
    ///   - backward: Whether old documents stay valid.
    ///   - forward: Whether new documents are valid under the old schema.
    public init(_ kind: Kind, at path: String, _ detail: String, backward: Bool, forward: Bool) {
        self.kind = kind
        self.path = path
        self.detail = detail
        self.isBackwardCompatible = backward
        self.isForwardCompatible = forward
    }

    /// Whether the change is allowed under a compatibility mode.
    ///
    /// - Parameter mode: The mode.
    /// - Returns: `true` when every direction the mode checks holds.
    public func isAllowed(under mode: CompatibilityMode) -> Bool {
        (!mode.checksBackward || self.isBackwardCompatible) && (!mode.checksForward || self.isForwardCompatible)
    }

    /// "backward", "forward", "both" or "neither".
    public var compatibilityLabel: String {
        switch (self.isBackwardCompatible, self.isForwardCompatible) {
        case (true, true): return "both"
        case (true, false): return "backward"
        case (false, true): return "forward"
        case (false, false): return "neither"
        }
    }
}
