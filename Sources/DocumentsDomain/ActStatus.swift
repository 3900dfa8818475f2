/// The transaction statuses of domain §3.6 that the hub uses (S²LOW's codes), kept as an append-only history.
public enum ActStatus: Int, Sendable, Hashable, CaseIterable, Codable {
    case error = -1
    case cancelled = 0
    case posted = 1
    case awaitingTransmission = 2
    case transmitted = 3
    case acknowledged = 4
    case documentReceived = 7
    case acknowledgementSent = 8
    case documentSent = 9
    case documentAcknowledged = 11

    public var label: String {
        switch self {
        case .error: "Erreur"
        case .cancelled: "Annulé"
        case .posted: "Posté"
        case .awaitingTransmission: "En attente de transmission"
        case .transmitted: "Transmis"
        case .acknowledged: "Acquittement reçu"
        case .documentReceived: "Document reçu"
        case .acknowledgementSent: "Acquittement envoyé"
        case .documentSent: "Document envoyé"
        case .documentAcknowledged: "Acquittement de document reçu"
        }
    }

    public var name: String {
        switch self {
        case .error: "error"
        case .cancelled: "cancelled"
        case .posted: "posted"
        case .awaitingTransmission: "awaitingTransmission"
        case .transmitted: "transmitted"
        case .acknowledged: "acknowledged"
        case .documentReceived: "documentReceived"
        case .acknowledgementSent: "acknowledgementSent"
        case .documentSent: "documentSent"
        case .documentAcknowledged: "documentAcknowledged"
        }
    }
}

/// The HELIOS statuses of domain §4.3 the hub uses.
public enum PesStatus: Int, Sendable, Hashable, CaseIterable, Codable {
    case error = -1
    case posted = 1
    case awaitingTransmission = 2
    case transmitted = 3
    case acknowledged = 4
    case refused = 6
    case informationAvailable = 8

    public var label: String {
        switch self {
        case .error: "Erreur"
        case .posted: "Posté"
        case .awaitingTransmission: "En attente de transmission"
        case .transmitted: "Transmis"
        case .acknowledged: "Acquittement reçu"
        case .refused: "Refusé"
        case .informationAvailable: "Information disponible"
        }
    }
}
