import Foundation

/// The desk service's answers and bodies, as the CLI and `passerelle bench desk` read them
/// (Sources/DeskService/HTTP). Dates stay the RFC 3339 text the service sends; fields the CLI does not show are not
/// decoded (`--json` prints everything).
package enum DeskAPI {
    /// The request as the applicant filled it in.
    package struct Draft: Codable, Sendable, Hashable {
        package var landingSubjectId: String
        package var description: String
        package var fullName: String
        package var email: String
        package var phone: String?
        package var siret: String?
        package var requestedHelpAmountCents: Int64?
        package var communeInsee: String?
        package var regionCode: String?
    }

    /// What the Sirene lookup said about the establishment (or, for a project, only the commune).
    package struct Facility: Codable, Sendable, Hashable {
        package var nafCode: String?
        package var headcountBand: String?
        package var legalCategory: String?
        package var creationDate: String?
        package var communeInsee: String?
        package var active: Bool?
    }

    /// `GET /solicitations` (a list) and the `solicitation` of `GET /solicitations/:id`.
    package struct Solicitation: Codable, Sendable, Hashable {
        package var applicationId: String
        package var draft: Draft
        package var status: String
        package var cancelReason: String?
        package var cancelComment: String?
        package var submittedBy: String?
        package var trusted: Bool?
        package var lookupAttempts: Int?
        package var nextLookupAt: String?
        package var lookupError: String?
        package var facility: Facility?
        package var companyName: String?
        package var createdAt: String
        package var completedAt: String?
    }

    /// One expert a need was sent to.
    struct Match: Codable, Sendable, Hashable {
        var matchId: String
        var expertKey: String
        var expertName: String
        var expertEmail: String
        var institution: String
        var antenne: String
        var status: String
        var sentAt: String
        var takenCareAt: String?
        var closedAt: String?
    }

    /// One need of a request: its subject, status, matches and the routing decision in sentences.
    struct Need: Codable, Sendable, Hashable {
        var needId: String
        var subjectId: String
        var status: String
        var defaultDesk: Bool
        var routedAt: String
        var closedAt: String?
        var explanation: [String]
        var matches: [Match]
    }

    /// `GET /solicitations/:id` and the answer of `POST /solicitations/:id/cancel`.
    package struct Detail: Codable, Sendable, Hashable {
        package var solicitation: Solicitation
        var needs: [Need]
    }

    /// `GET /operations/summary`: counts per status, lookups waiting, follow-ups due.
    struct Summary: Codable, Sendable, Hashable {
        var solicitations: [String: Int]
        var needs: [String: Int]
        var matches: [String: Int]
        var dossiers: [String: Int]
        var awaitingLookup: Int
        var lookupErrors: Int
        var followUpsDue: Int
        var surveysAnswered: Int
    }

    /// `GET /subjects`: a subject of the catalogue with its intake flags.
    package struct Subject: Codable, Sendable, Hashable {
        package struct Question: Codable, Sendable, Hashable {
            package var id: String
            package var label: String
        }

        package var id: String
        package var themeId: String
        package var label: String
        package var requiresSiret: Bool
        package var requiresRequestedHelpAmount: Bool
        package var requiresLocation: Bool
        package var questions: [Question]
    }

    /// The body of `POST /solicitations`.
    package struct Submission: Codable, Sendable, Hashable {
        package var applicationId: String
        package var landingSubjectId: String
        package var description: String
        package var fullName: String
        package var email: String
        package var siret: String?
        package var requestedHelpAmountCents: Int64?
        package var communeInsee: String?
        package var formInfo: [String: Bool]?
    }

    /// The answer of `POST /solicitations` (202).
    package struct Outcome: Codable, Sendable, Hashable {
        package var applicationId: String
        package var status: String
        package var cancelReason: String?
        package var duplicateOf: String?
    }
}
