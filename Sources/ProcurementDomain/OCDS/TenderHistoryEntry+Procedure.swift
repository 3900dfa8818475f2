extension TenderHistoryEntry {
    /// The French procedure of a tender, mapped to the OCDS `procurementMethod` (design).
    public enum Procedure: String, Sendable, Hashable, CaseIterable {
        /// Appel d'offres ouvert: anyone may bid.
        case openCallForTenders
        /// Appel d'offres restreint: candidates are selected, then invited.
        case restrictedCallForTenders
        /// Procédure concurrentielle avec négociation.
        case competitiveWithNegotiation
        /// Dialogue compétitif.
        case competitiveDialogue
        /// Procédure adaptée (MAPA) open to any bidder.
        case adaptedOpen
        /// Procédure adaptée with a selection of candidates.
        case adaptedRestricted
        /// Marché négocié sans publicité ni mise en concurrence préalables, several operators consulted.
        case negotiatedWithoutNotice
        /// A purchase from one operator without publicity or competition (below the exemption threshold).
        case directAward

        /// The OCDS method: open, selective (candidates qualify), limited (the buyer picks the bidders) or
        /// direct (one operator).
        public var procurementMethod: OCDSProcurementMethod {
            switch self {
            case .openCallForTenders, .adaptedOpen: .open
            case .restrictedCallForTenders, .competitiveWithNegotiation, .competitiveDialogue, .adaptedRestricted:
                .selective
            case .negotiatedWithoutNotice: .limited
            case .directAward: .direct
            }
        }

        /// The French name, for `procurementMethodDetails`.
        public var frenchName: String {
            switch self {
            case .openCallForTenders: "Appel d'offres ouvert"
            case .restrictedCallForTenders: "Appel d'offres restreint"
            case .competitiveWithNegotiation: "Procédure concurrentielle avec négociation"
            case .competitiveDialogue: "Dialogue compétitif"
            case .adaptedOpen: "Procédure adaptée ouverte"
            case .adaptedRestricted: "Procédure adaptée restreinte"
            case .negotiatedWithoutNotice: "Marché négocié sans publicité ni mise en concurrence préalables"
            case .directAward: "Marché sans publicité ni mise en concurrence préalables"
            }
        }
    }

    /// The nature of the purchase: travaux, fournitures or services in the Code de la commande publique.
    public enum Nature: String, Sendable, Hashable, CaseIterable {
        case works
        case supplies
        case services

        /// The OCDS main procurement category (supplies are `goods`).
        public var procurementCategory: OCDSProcurementCategory {
            switch self {
            case .works: .works
            case .supplies: .goods
            case .services: .services
            }
        }
    }
}
