import Foundation

/// The training scheduler's answers and bodies, as the CLI and `passerelle bench training` read them
/// (Sources/TrainingService/HTTP). Dates stay the RFC 3339 text the service sends; `--json` prints the service's own
/// JSON, so fields the CLI does not show are not decoded.
package enum TrainingAPI {
    /// One date of a session.
    package struct SessionDate: Codable, Sendable, Hashable {
        package var start: String
        package var end: String

        package init(start: String, end: String) {
            self.start = start
            self.end = end
        }
    }

    package struct Location: Codable, Sendable, Hashable {
        package var name: String
        package var communeInsee: String

        package init(name: String, communeInsee: String) {
            self.name = name
            self.communeInsee = communeInsee
        }
    }

    package struct Trainer: Codable, Sendable, Hashable {
        package var trainerId: String
        package var fullName: String

        package init(trainerId: String, fullName: String) {
            self.trainerId = trainerId
            self.fullName = fullName
        }
    }

    /// A session's plan (the service's `SessionPlan`), as `POST /sessions` takes it and the sessions show it.
    package struct Plan: Codable, Sendable, Hashable {
        package var courseCode: String
        package var title: String
        package var datesKnown: Bool
        package var dates: [SessionDate]
        package var location: Location
        package var room: String?
        package var trainers: [Trainer]
        /// Seats; 0 is unlimited.
        package var capacity: Int
        package var minParticipants: Int
        package var allowWaitlist: Bool
        /// `none`, `manager` or `managerThenAdmin`.
        package var approval: String
        package var cancellationCutoffHours: Int
        package var reminderDaysBefore: Int

        package init(
            courseCode: String, title: String, datesKnown: Bool, dates: [SessionDate], location: Location, room: String? = nil,
            trainers: [Trainer], capacity: Int, minParticipants: Int = 0, allowWaitlist: Bool = true, approval: String = "none",
            cancellationCutoffHours: Int = 48, reminderDaysBefore: Int = 3
        ) {
            self.courseCode = courseCode
            self.title = title
            self.datesKnown = datesKnown
            self.dates = dates
            self.location = location
            self.room = room
            self.trainers = trainers
            self.capacity = capacity
            self.minParticipants = minParticipants
            self.allowWaitlist = allowWaitlist
            self.approval = approval
            self.cancellationCutoffHours = cancellationCutoffHours
            self.reminderDaysBefore = reminderDaysBefore
        }
    }

    /// `GET /sessions` (a list), `GET /sessions/:id` and the answer of `POST /sessions`: a session with its seats.
    package struct Session: Codable, Sendable, Hashable {
        package var sessionId: String
        package var plan: Plan
        package var status: String
        package var organiser: String
        package var booked: Int
        package var waitlisted: Int
        package var pendingApproval: Int
        /// `nil` when the capacity is unlimited.
        package var seatsLeft: Int?
    }

    /// The body of `POST /sessions`.
    package struct Schedule: Codable, Sendable, Hashable {
        package var sessionId: String
        package var plan: Plan
        package var draft: Bool?

        package init(sessionId: String, plan: Plan, draft: Bool? = nil) {
            self.sessionId = sessionId
            self.plan = plan
            self.draft = draft
        }
    }

    /// The agent a sign-up is for.
    package struct Agent: Codable, Sendable, Hashable {
        package var agentId: String
        package var fullName: String
        package var email: String
        package var managerEmail: String?
    }

    /// A sign-up as stored (`GET /sessions/:id/roster`, `GET /signups`).
    package struct Signup: Codable, Sendable, Hashable {
        package var signupId: String
        /// The order sign-ups reached the session's row lock: strictly increasing, never reused.
        package var arrival: Int64
        package var sessionId: String
        package var agent: Agent
        package var bodySiren: String?
        /// The status code (10–110, see ``TrainingAPI/statusNames``).
        package var status: Int
        package var bookedAt: String?
        package var late: Bool
        package var createdAt: String
    }

    /// The body of `POST /sessions/:id/signups`; `agentId` and `email` are for operators only.
    package struct Booking: Codable, Sendable, Hashable {
        package var signupId: String
        package var fullName: String
        package var managerEmail: String?
        package var agentId: String?
        package var email: String?

        package init(signupId: String, fullName: String, managerEmail: String? = nil, agentId: String? = nil, email: String? = nil) {
            self.signupId = signupId
            self.fullName = fullName
            self.managerEmail = managerEmail
            self.agentId = agentId
            self.email = email
        }
    }

    /// `GET /signups/:id` and the answers of `POST /sessions/:id/signups` and the sign-up's moves.
    package struct SignupDetail: Codable, Sendable, Hashable {
        package struct HistoryEntry: Codable, Sendable, Hashable {
            package var status: Int
            package var name: String
            package var at: String
            package var actor: String
            package var reason: String?
        }

        package var signup: Signup
        /// The place on the waitlist (1 for the first in line), for a waitlisted sign-up.
        package var position: Int?
        package var history: [HistoryEntry]
    }

    /// `GET /operations/summary`: sessions by status, sign-ups by status code, timers, certificates.
    package struct Summary: Codable, Sendable, Hashable {
        package var sessionsByStatus: [String: Int]
        /// Keyed by the status code as text (`"70"`).
        package var signupsByStatus: [String: Int]
        package var timersPending: Int
        package var timersOverdue: Int
        package var timersFailed: Int?
        package var certificates: Int
    }

    /// `GET /courses`: a course of the catalogue.
    package struct Course: Codable, Sendable, Hashable {
        package var code: String
        package var title: String
        package var eservice: String
        package var durationHours: Double

        package init(code: String, title: String, eservice: String, durationHours: Double) {
            self.code = code
            self.title = title
            self.eservice = eservice
            self.durationHours = durationHours
        }
    }

    /// The names of the sign-up status codes (domain §7.2).
    package static let statusNames: [Int: String] = [
        10: "userCancelled", 20: "sessionCancelled", 30: "declined", 40: "requested", 45: "requestedAdmin", 50: "approved",
        60: "waitlisted", 70: "booked", 80: "noShow", 90: "partiallyAttended", 100: "fullyAttended", 110: "notSet",
    ]

    package static let booked = 70
    package static let waitlisted = 60

    /// `70 booked`; an unknown code alone.
    package static func status(_ code: Int) -> String {
        Self.statusNames[code].map { "\(code) \($0)" } ?? String(code)
    }
}
