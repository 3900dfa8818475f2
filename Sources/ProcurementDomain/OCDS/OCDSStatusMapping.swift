/// The publication of a hub tender state in OCDS: `tender.status` and the tag of the release that announces it
/// (domain §2.3, checked against the OCDS 1.1 codelists).
public struct OCDSStatusMapping: Sendable, Hashable {
    /// The `tender.status` to publish.
    public var tenderStatus: OCDSTenderStatus
    /// The tags of the release announcing the state (`tender` and `tenderAmendment` both fit `published`).
    public var tags: [OCDSReleaseTag]

    /// Creates a mapping.
    ///
    /// - Parameters:
    ///   - tenderStatus: The status.
    ///   - tags: The release tags.
    public init(tenderStatus: OCDSTenderStatus, tags: [OCDSReleaseTag]) {
        self.tenderStatus = tenderStatus
        self.tags = tags
    }

    /// The mapping of a hub state, named as in domain §2.3 (`draft`, `published`, `closed`, `opening`,
    /// `evaluation`, `standstill`, `awarded`, `contractSigned`, `notified`, `complete`, `cancelled`,
    /// `unsuccessful`).
    ///
    /// `closed` to `standstill` publish `active`/`award` as the domain says; `awarded` does the same, and
    /// `contractSigned` and `notified` publish `active`/`contract` (design: the domain table stops at
    /// `standstill` and resumes at `complete`).
    ///
    /// - Parameter hubState: The state's name.
    /// - Returns: The mapping, or nil for an unknown name.
    public static func forHubState(_ hubState: String) -> OCDSStatusMapping? {
        switch hubState {
        case "draft": Self(tenderStatus: .planning, tags: [.planning])
        case "published": Self(tenderStatus: .active, tags: [.tender, .tenderAmendment])
        case "closed", "opening", "evaluation", "standstill", "awarded": Self(tenderStatus: .active, tags: [.award])
        case "contractSigned", "notified": Self(tenderStatus: .active, tags: [.contract])
        case "complete": Self(tenderStatus: .complete, tags: [.contract])
        case "cancelled": Self(tenderStatus: .cancelled, tags: [.tenderCancellation])
        case "unsuccessful": Self(tenderStatus: .unsuccessful, tags: [.tender])
        default: nil
        }
    }
}
