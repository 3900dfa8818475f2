/// An aid application's state and its pending correction request (domain §5.3, §5.5).
public struct Dossier: Sendable, Hashable, Codable {
    public private(set) var state: DossierState
    /// Set by ``requestCorrection(reason:)``, cleared when the dossier goes back into instruction.
    public private(set) var correctionRequested: Bool
    /// What the instructor asked to correct.
    public private(set) var correctionReason: String?

    public init(state: DossierState = .brouillon, correctionRequested: Bool = false) {
        self.state = state
        self.correctionRequested = correctionRequested
    }

    /// Whether the applicant may edit now (``DossierState/canEdit(correctionRequested:)``).
    public var canEdit: Bool {
        self.state.canEdit(correctionRequested: self.correctionRequested)
    }

    /// Checks that the applicant may edit now.
    ///
    /// - Throws: ``DossierError`` `editNotAllowed`, naming the state.
    public func checkEditable() throws(DossierError) {
        guard self.canEdit else {
            let why =
                self.state == .enInstruction
                ? "the dossier is enInstruction and no correction was requested"
                : "the dossier is \(self.state.rawValue)"
            throw DossierError(.editNotAllowed, from: self.state, to: nil, message: "editing is refused: \(why)")
        }
    }

    /// The applicant submits the draft: `brouillon` → `enConstruction`.
    public mutating func submit() throws(DossierError) {
        try self.move(to: .enConstruction, allowedFrom: .brouillon)
    }

    /// The instructor locks the dossier: `enConstruction` → `enInstruction`; clears the correction request.
    public mutating func startInstruction() throws(DossierError) {
        try self.move(to: .enInstruction, allowedFrom: .enConstruction)
        self.correctionRequested = false
        self.correctionReason = nil
    }

    /// The instructor asks for a correction: `enInstruction` → `enConstruction`, correction requested.
    public mutating func requestCorrection(reason: String) throws(DossierError) {
        try self.move(to: .enConstruction, allowedFrom: .enInstruction)
        self.correctionRequested = true
        self.correctionReason = reason
    }

    /// The decision: `enInstruction` → `accepte`, `refuse` or `sansSuite`.
    public mutating func decide(_ decision: DossierState) throws(DossierError) {
        guard decision.isFinal else {
            throw DossierError(
                .transitionNotAllowed, from: self.state, to: decision,
                message: "\(decision.rawValue) is not a decision (accepte, refuse, sansSuite)")
        }
        try self.move(to: decision, allowedFrom: .enInstruction)
    }

    private mutating func move(to next: DossierState, allowedFrom expected: DossierState) throws(DossierError) {
        guard self.state == expected, self.state.allowedNext.contains(next) else {
            throw DossierError(
                .transitionNotAllowed, from: self.state, to: next,
                message: "a dossier cannot go from \(self.state.rawValue) to \(next.rawValue) by this action"
                    + " (only from \(expected.rawValue))")
        }
        self.state = next
    }
}
