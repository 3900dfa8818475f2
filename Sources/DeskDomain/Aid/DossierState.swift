/// The state of an aid application, as démarches-simplifiées names it (domain §5.3):
/// `brouillon` → `enConstruction` (the applicant may still edit) → `enInstruction` (locked) → `accepte` / `refuse`
/// / `sansSuite`. A correction request sends `enInstruction` back to `enConstruction`. The decisions are final.
public enum DossierState: String, Sendable, Hashable, Codable, CaseIterable {
    case brouillon
    case enConstruction
    case enInstruction
    case accepte
    case refuse
    case sansSuite

    /// Whether the state is a decision (`accepte`, `refuse`, `sansSuite`).
    public var isFinal: Bool {
        switch self {
        case .accepte, .refuse, .sansSuite: return true
        case .brouillon, .enConstruction, .enInstruction: return false
        }
    }

    /// The states the dossier may move to from `self`.
    public var allowedNext: Set<DossierState> {
        switch self {
        case .brouillon: return [.enConstruction]
        case .enConstruction: return [.enInstruction]
        case .enInstruction: return [.enConstruction, .accepte, .refuse, .sansSuite]
        case .accepte, .refuse, .sansSuite: return []
        }
    }

    /// Whether the applicant may edit the dossier (domain §5.5): in `brouillon` and `enConstruction`; in
    /// `enInstruction` only while a correction is requested; never once decided.
    public func canEdit(correctionRequested: Bool) -> Bool {
        switch self {
        case .brouillon, .enConstruction: return true
        case .enInstruction: return correctionRequested
        case .accepte, .refuse, .sansSuite: return false
        }
    }
}
