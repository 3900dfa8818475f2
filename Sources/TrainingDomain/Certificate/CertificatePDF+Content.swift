import Foundation

extension CertificatePDF {
    /// What the certificate says. `sessionDates` is French text, one date per line (``ParisTime/frenchDates(_:)``).
    public struct Content: Sendable, Hashable {
        public var agentName: String
        public var courseCode: String
        public var courseTitle: String
        public var sessionDates: String
        public var location: String
        public var minutesAttended: Int
        public var minutesScheduled: Int
        /// The signup's final status: 100 attended in full, 90 attended in part.
        public var statusCode: Int
        public var issuedAt: Date
        public var certificateId: String
        public var organiser: String

        public init(
            agentName: String, courseCode: String, courseTitle: String, sessionDates: String, location: String,
            minutesAttended: Int, minutesScheduled: Int, statusCode: Int, issuedAt: Date, certificateId: String,
            organiser: String
        ) {
            self.agentName = agentName
            self.courseCode = courseCode
            self.courseTitle = courseTitle
            self.sessionDates = sessionDates
            self.location = location
            self.minutesAttended = minutesAttended
            self.minutesScheduled = minutesScheduled
            self.statusCode = statusCode
            self.issuedAt = issuedAt
            self.certificateId = certificateId
            self.organiser = organiser
        }

        /// `complète` for status 100, `partielle` otherwise.
        public var attendanceText: String { self.statusCode == 100 ? "complète" : "partielle" }

        /// Checks the fields a certificate cannot do without: an agent, a course, an id, status 90 or 100, and
        /// minutes attended between 0 and the minutes scheduled.
        ///
        /// - Throws: ``TrainingError`` with code `invalidField`, the field and the rule it breaks.
        public func validate() throws(TrainingError) {
            for (field, value) in [
                ("agentName", self.agentName), ("courseCode", self.courseCode), ("courseTitle", self.courseTitle),
                ("certificateId", self.certificateId),
            ] where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw TrainingError(.invalidField, field: field, rule: "required", "the certificate needs a \(field)")
            }
            guard self.statusCode == 90 || self.statusCode == 100 else {
                throw TrainingError(
                    .invalidField, field: "statusCode", rule: "oneOf",
                    "a certificate is for status 90 or 100, got \(self.statusCode)")
            }
            guard self.minutesScheduled > 0 else {
                throw TrainingError(
                    .invalidField, field: "minutesScheduled", rule: "positive",
                    "the session must have scheduled minutes, got \(self.minutesScheduled)")
            }
            guard (0...self.minutesScheduled).contains(self.minutesAttended) else {
                throw TrainingError(
                    .invalidField, field: "minutesAttended", rule: "range",
                    "\(self.minutesAttended) minutes attended, expected 0 to \(self.minutesScheduled)")
            }
        }
    }
}
