/// The procedure a tender follows.
public enum ProcedureType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Appel d'offres ouvert (formalised).
    case open
    /// Appel d'offres restreint (formalised).
    case restricted
    /// Procédure concurrentielle avec négociation (formalised; time limits as for the restricted procedure).
    case competitiveWithNegotiation
    /// Procédure adaptée, MAPA (no statutory minimum time limit).
    case adapted

    /// The family of this procedure: adapted for MAPA, formalised otherwise.
    public var family: ProcedureFamily { self == .adapted ? .adapted : .formalised }
}

/// The procedure family the thresholds lead to (domain §2.1).
public enum ProcedureFamily: String, Sendable, Hashable, Codable {
    /// No publicity and no competition required (below the exemption threshold).
    case exempt
    /// Adapted procedure (MAPA).
    case adapted
    /// Formalised procedure (value at or above the EU threshold).
    case formalised
}

/// What is being received by the deadline.
public enum ReceiptStage: String, Sendable, Hashable, Codable {
    /// Requests to participate (restricted and negotiated procedures, first stage).
    case applications
    case tenders
}

/// Facts that change the minimum time limit (domain §2.2).
public struct DeadlineConditions: Sendable, Hashable, Codable {
    /// Tenders may be sent electronically. Always true on Passerelle.
    public var electronicSubmission: Bool
    /// Justified urgency.
    public var urgency: Bool
    /// A qualifying prior information notice was sent (35 days to 12 months before).
    public var priorInformationNotice: Bool

    /// Creates conditions; the defaults are Passerelle's usual case (electronic, no urgency, no notice).
    public init(electronicSubmission: Bool = true, urgency: Bool = false, priorInformationNotice: Bool = false) {
        self.electronicSubmission = electronicSubmission
        self.urgency = urgency
        self.priorInformationNotice = priorInformationNotice
    }

    /// Electronic, no urgency, no prior information notice.
    public static let standard = DeadlineConditions()
}
