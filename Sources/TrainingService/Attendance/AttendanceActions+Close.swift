import ContractTypes
import Foundation
import Identity
import ServiceRuntime
import Storage
import TrainingContracts
import TrainingDomain

extension AttendanceActions {
    /// held → closed: bookings without attendance become 110 (not set); 90 and 100 get their certificate.
    func close(_ sessionId: String, by caller: Caller, in transaction: ServiceTransaction) async throws -> SessionRecord {
        let now = self.settings.clock.now()
        let session = try await SessionRecord.require(sessionId, lock: true, in: transaction)
        try SessionActions.authorizeOrganiser(caller, session)
        try await SessionLifecycle.move(sessionId, from: session.status, to: .closed, reason: nil, at: now, transaction)
        let scheduled = HalfDay.schedule(of: session.plan.dates)
        for var signup in try await SignupRecord.of(session: sessionId, statuses: [.booked], lock: true, in: transaction) {
            try await signup.move(to: .notSet, actor: caller.subject, reason: "attendance not recorded", at: now, in: transaction)
        }
        for signup in try await SignupRecord.of(session: sessionId, statuses: [.partiallyAttended, .fullyAttended], in: transaction) {
            let sheet = try await Self.sheet(of: signup.signupId, scheduled: scheduled, in: transaction)
            try await self.issue(signup, session: session, sheet: sheet, at: now, transaction)
        }
        return try await SessionRecord.require(sessionId, in: transaction)
    }

    func issue(_ signup: SignupRecord, session: SessionRecord, sheet: AttendanceSheet, at now: Date, _ transaction: ServiceTransaction) async throws {
        guard signup.status.earnsCertificate else { return }
        let certificateId = DerivedID.uuid("certificate|\(signup.signupId)")
        let pdf = CertificatePDF.render(
            .init(
                agentName: signup.agent.fullName, courseCode: session.plan.courseCode,
                courseTitle: self.catalogue.course(session.plan.courseCode)?.title ?? session.plan.title,
                sessionDates: session.frenchDates, location: Invitations.place(session.plan), minutesAttended: sheet.minutesAttended,
                minutesScheduled: sheet.minutesScheduled, statusCode: signup.status.rawValue, issuedAt: now, certificateId: certificateId,
                organiser: self.settings.organiserName))
        let sha = SHA256Hex.of(pdf)
        let inserted = try await transaction.execute(
            """
            INSERT INTO certificates (signup_id, certificate_id, status, minutes_attended, minutes_scheduled, sha256, pdf, issued_at)
            VALUES (\(signup.signupId)::uuid, \(certificateId)::uuid, \(signup.status.rawValue), \(sheet.minutesAttended), \(sheet.minutesScheduled),
                    \(sha), \(pdf), \(now))
            ON CONFLICT (signup_id) DO NOTHING
            """)
        guard inserted == 1 else { return }
        let link = "\(self.settings.publicURL)/certificates/\(signup.signupId)"
        try await transaction.publish(
            CertificateIssued(
                certificateId: certificateId, signupId: signup.signupId, sessionId: session.sessionId, courseCode: session.plan.courseCode,
                agent: try Reshape.into(signup.agent), statusCode: try Reshape.into(signup.status.rawValue),
                minutesAttended: sheet.minutesAttended, minutesScheduled: sheet.minutesScheduled, issuedAt: now,
                certificate: try Reshape.into(
                    CertificateFile(
                        uri: link, fileName: "attestation-\(session.plan.courseCode)-\(signup.signupId.prefix(8)).pdf", sha256: sha,
                        sizeBytes: pdf.count, mediaType: "application/pdf"))),
            aggregate: session.sessionId)
        var mailed = signup
        try await Invitations(settings: self.settings).send(
            "training-certificate-issued", nil, to: &mailed, session: session,
            extra: ["hours": CertificatePDF.hoursText(minutes: sheet.minutesAttended), "link": link], at: now, in: transaction)
    }

    struct CertificateFile: Codable {
        var uri: String
        var fileName: String
        var sha256: String
        var sizeBytes: Int
        var mediaType: String
    }
}
