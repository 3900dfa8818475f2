import Foundation

/// Complete, contract-valid payloads of the procurement events the service consumes.
enum Fixtures {
    static func id() -> String { UUID().uuidString.lowercased() }

    static let sha = String(repeating: "ab", count: 32)

    static func tenderPublished(tenderId: String, title: String = "Réfection de la voirie communale", cpv: String = "45233140-2",
                                departement: String = "021", procedure: String = "adapted") -> [String: Any] {
        [
            "tenderId": tenderId, "reference": "2026-014", "title": title,
            "description": "Travaux de réfection des chaussées et trottoirs.",
            "buyer": ["siret": "21210231300013", "name": "Commune de Dijon", "kind": "local", "departement": "021"],
            "nature": "works", "procedure": procedure, "procedureFamily": "adapted", "publicity": "adapted",
            "mainCpv": cpv, "estimatedValueHtCents": 25_000_000,
            "lots": [["lotNumber": 1, "title": "Voirie", "cpv": cpv]],
            "executionPlace": ["departement": departement],
            "publishedAt": "2026-04-01T08:00:00Z", "tenderDeadline": "2026-05-04T10:00:00Z",
            "questionsCloseAt": "2026-04-24T10:00:00Z", "answersDueBy": "2026-04-28T10:00:00Z", "urgency": false,
            "dceVersion": 1,
            "dceFiles": [["kind": "rc", "fileName": "RC.pdf", "uri": "https://files.passerelle.example/rc.pdf",
                          "sha256": sha, "sizeBytes": 1000]],
            "electronicProcedureMandatory": true, "standstillRequired": false, "actesTransmissionRequired": false,
            "buyerProfileUrl": "https://marches.passerelle.example/consultations/2026-014",
        ]
    }

    static func downloaded(tenderId: String, email: String, at: String = "2026-04-02T09:00:00Z") -> [String: Any] {
        [
            "downloadId": id(), "tenderId": tenderId, "dceVersion": 1, "downloadedAt": at,
            "files": [["fileName": "RC.pdf", "sha256": sha]],
            "identified": ["company": "BTP Exemple", "email": email, "contactName": "Jeanne Martin",
                           "siret": "55208131700018"],
        ]
    }

    static func bidReceived(tenderId: String, bidId: String, email: String) -> [String: Any] {
        [
            "bidId": bidId, "tenderId": tenderId, "lotNumbers": [1], "bidderSiret": "55208131700018",
            "receivedAt": "2026-05-04T09:58:12.345Z", "contentSha256": sha, "late": false,
            "depositor": ["contactName": "Paul Durand", "email": email],
        ]
    }

    static func mandatory(tenderId: String, asOf: String = "2026-04-20T00:00:00Z") -> [String: Any] {
        ["tenderId": tenderId, "asOf": asOf, "identifiedDownloaders": 1, "bidders": 0]
    }

    static func amended(tenderId: String, asOf: String = "2026-04-20T00:00:00Z") -> [String: Any] {
        [
            "tenderId": tenderId, "amendmentId": id(), "amendedAt": "2026-04-15T14:00:00Z", "dceVersion": 2,
            "previousDceVersion": 1, "summary": "Le CCTP précise les épaisseurs d'enrobé.",
            "changedFiles": [["change": "replaced", "kind": "cctp", "fileName": "CCTP.pdf", "sha256": sha]],
            "tenderDeadline": "2026-05-04T10:00:00Z", "deadlineExtended": false,
            "mandatoryRecipients": mandatory(tenderId: tenderId, asOf: asOf),
        ]
    }

    static func rejections(tenderId: String, letters: [(letterId: String, email: String)]) -> [String: Any] {
        [
            "tenderId": tenderId, "lotNumber": 1, "awardId": id(), "issuedAt": "2026-05-20T08:00:00Z",
            "awardeeName": "Routes de Bourgogne", "standstillDays": 11,
            "letters": letters.map { letter in
                [
                    "letterId": letter.letterId, "bidId": id(),
                    "bidder": ["siret": "55208131700018", "name": "BTP Exemple"], "recipientEmail": letter.email,
                    "letter": ["uri": "https://files.passerelle.example/letters/\(letter.letterId).pdf",
                               "fileName": "rejet.pdf", "sha256": sha, "sizeBytes": 2000],
                ] as [String: Any]
            },
        ]
    }
}
