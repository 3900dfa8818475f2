import Foundation

/// The documents service's answers, as the CLI reads them (Sources/DocumentsService/HTTP). Dates stay the
/// RFC 3339 text the service sends; fields the CLI does not show are not decoded (`--json` prints everything).
enum DocumentsAPI {
    struct Origin: Codable, Sendable, Hashable {
        var service: String
        var reference: String
    }

    struct StoredFile: Codable, Sendable, Hashable {
        var uri: String?
        var fileName: String
        var sha256: String
        var sizeBytes: Int
        var mediaType: String?
    }

    /// One step of an act's or a PES file's status history.
    struct Entry: Codable, Sendable, Hashable {
        var status: Int
        var label: String
        var at: String
        var message: String?
        var flux: String?
    }

    /// `GET /acts` (without files and history) and `GET /acts/:id`.
    struct Act: Codable, Sendable, Hashable {
        var actId: String
        var idActe: String
        var siren: String
        var origin: Origin
        var object: String
        var status: Int
        var statusLabel: String
        var statusAt: String
        var receptionDate: String?
        var legalityDeadline: String?
        var detail: String?
        var cancellationPending: Bool
        var files: [StoredFile]?
        var package: StoredFile?
        var history: [Entry]?
    }

    /// `GET /operations/stuck`: acts transmitted without an acknowledgement, and acts in error, for too long.
    struct Stuck: Codable, Sendable, Hashable {
        struct Bucket: Codable, Sendable, Hashable {
            var status: Int
            var label: String
            var olderThanSeconds: Int
            var count: Int
            var threshold: Int
            var alert: Bool
            var oldest: [String]
        }

        var transmitted: Bucket
        var error: Bucket

        /// The buckets by name, in the order shown.
        var buckets: [(name: String, bucket: Bucket)] { [("transmitted", self.transmitted), ("error", self.error)] }
        var alert: Bool { self.transmitted.alert || self.error.alert }
    }

    /// `GET /operations/alerts`.
    struct Alert: Codable, Sendable, Hashable {
        var alertId: String
        var kind: String
        var subject: String
        var detail: String
        var raisedAt: String
    }

    /// `GET /operations/returns`: a return no act or PES file claimed.
    struct Return: Codable, Sendable, Hashable {
        var returnId: String
        var kind: String
        var key: String
        var reason: String
        var receivedAt: String
        var resolvedAt: String?
        var resolution: String?
    }

    /// `POST /operations/returns/:id/resolve`.
    struct Resolved: Codable, Sendable, Hashable {
        var returnId: String
        var resolution: String
    }

    /// `GET /pes/:id`.
    struct Pes: Codable, Sendable, Hashable {
        var pesId: String
        var siren: String
        var nomFic: String
        var codCol: String
        var idColl: String
        var status: Int
        var statusLabel: String
        var detail: [String]?
        var history: [Entry]
    }

    /// `GET /authorities/:siren`, `POST /authorities`: the registry entry.
    struct Authority: Codable, Sendable, Hashable {
        struct Budget: Codable, Sendable, Hashable {
            var idColl: String
            var codCol: String
            var codBud: String
            var label: String?
        }

        var siren: String
        var name: String
        var departement: String
        var arrondissement: String
        var nature: String
        var actesAgreement: String?
        var pesDomains: [String]
        var budgets: [Budget]
        var referentName: String
        var referentPhone: String?
        var referentEmail: String
        var returnAddresses: [String]
        var broadcastAddresses: [String]
        var classificationDate: String?
    }

    /// `POST /authorities/:siren/classification/refresh`.
    struct RefreshRequest: Codable, Sendable, Hashable {
        var requestId: String
    }

    /// `PUT /authorities/:siren/classification`: the stored tree.
    struct Classification: Codable, Sendable, Hashable {
        struct Nature: Codable, Sendable, Hashable {
            var code: String
            var label: String
            var attachmentTypes: [String]
        }

        var date: String
        var natures: [Nature]
        var matters: [String: String]
    }

    /// The act statuses of the domain (DocumentsDomain.ActStatus): code and name.
    static let actStatuses: [(code: Int, name: String)] = [
        (-1, "error"), (0, "cancelled"), (1, "posted"), (2, "awaitingTransmission"), (3, "transmitted"), (4, "acknowledged"),
        (7, "documentReceived"), (8, "acknowledgementSent"), (9, "documentSent"), (11, "documentAcknowledged"),
    ]

    /// The status code of `text`: a code (`3`, `-1`) or a name (`transmitted`, case-insensitive).
    static func actStatus(_ text: String) -> Int? {
        if let code = Int(text) { return self.actStatuses.contains { $0.code == code } ? code : nil }
        return self.actStatuses.first { $0.name.lowercased() == text.lowercased() }?.code
    }
}
