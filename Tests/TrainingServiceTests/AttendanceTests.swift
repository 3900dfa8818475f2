import ContractTypes
import Foundation
import NotificationsContracts
import Identity
import ServiceRuntimeTesting
import Testing
import TrainingContracts

/// Attendance per half-day and certificates (domain §7.3–7.4): a morning only on a one-day session is 3.5 h, status
/// 90, one certificate; a no-show gets none; a booking never recorded becomes 110 at the close.
@Suite("Training attendance", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct AttendanceTests {
    @Test("morning only on a 9:00–17:00 day: 3.5 h on the certificate; full day 7 h; no-show and 110 get none")
    func certificates() async throws {
        try await TrainingBed.run { training in
            let session = try await training.schedule(days: [10], capacity: 5)
            let morning = try await training.signUp(session, agent: "h1")
            let full = try await training.signUp(session, agent: "h2")
            let absent = try await training.signUp(session, agent: "h3")
            let unrecorded = try await training.signUp(session, agent: "h4")
            let trainer = try await training.bed.token(subject: "trainer-1", roles: [Caller.Role.trainer])
            let early = try await training.call("POST", "/sessions/\(session)/attendance", ["records": []], token: trainer)
            #expect(early.status == 409)

            let start = try await training.object("GET", "/sessions/\(session)", token: training.operatorToken)
            let firstStart = ((start["plan"] as? [String: Any])?["dates"] as? [[String: Any]])?.first?["start"] as? String ?? ""
            let day = ParisTimeText.day(try #require(ContractCoding.parse(firstStart)))
            training.advance(days: 11)
            try await training.bed.eventually(timeout: .seconds(90)) { try await training.sessionStatus(session) == "held" }
            func marks(_ morning: Bool, _ afternoon: Bool) -> [[String: Any]] {
                [["date": day, "period": "morning", "present": morning], ["date": day, "period": "afternoon", "present": afternoon]]
            }
            let records: [[String: Any]] = [
                ["signupId": morning.id, "halfDays": marks(true, false)], ["signupId": full.id, "halfDays": marks(true, true)],
                ["signupId": absent.id, "halfDays": marks(false, false)],
            ]
            let intruder = try await training.bed.token(subject: "trainer-9", roles: [Caller.Role.trainer])
            #expect(try await training.call("POST", "/sessions/\(session)/attendance", ["records": records], token: intruder).status == 403)
            let wrongDay = [["signupId": morning.id, "halfDays": [["date": "2020-01-01", "period": "morning", "present": true]]]]
            let refused = try await training.call("POST", "/sessions/\(session)/attendance", ["records": wrongDay], token: trainer)
            #expect(refused.status == 400)
            #expect((refused.json as? [String: Any])?["field"] as? String == "records[0].halfDays[0]")
            #expect(try await training.call("POST", "/sessions/\(session)/attendance", ["records": records], token: trainer).status == 200)
            #expect(try await training.status(morning.id) == 90)
            #expect(try await training.status(full.id) == 100)
            #expect(try await training.status(absent.id) == 80)
            let recorded = try await training.bed.published(SignupAttendanceRecorded.self, count: 3, timeout: .seconds(90))
            #expect(recorded.map(\.minutesAttended) == [210, 420, 0])

            try await training.object("POST", "/sessions/\(session)/close", token: training.organiserToken)
            #expect(try await training.status(unrecorded.id) == 110)
            let issued = try await training.bed.published(CertificateIssued.self, count: 2, timeout: .seconds(90))
            #expect(issued.map(\.minutesAttended).sorted() == [210, 420])
            #expect(try await training.bed.count("SELECT count(*) FROM certificates") == 2)
            let pdf = try await training.bed.request("GET", "/certificates/\(morning.id)", token: try await training.agent("h1"))
            #expect(pdf.status == 200)
            #expect(String(decoding: pdf.body.prefix(8), as: UTF8.self).hasPrefix("%PDF-1."))
            #expect(String(decoding: pdf.body, as: UTF8.self).contains("3,5 h"))
            #expect(try await training.bed.request("GET", "/certificates/\(absent.id)", token: try await training.agent("h3")).status == 404)
            #expect(try await training.bed.request("GET", "/certificates/\(morning.id)", token: try await training.agent("h2")).status == 403)
            let mails = try await training.notices("training-certificate-issued")
            #expect(Set(mails.compactMap { $0.variables?["hours"] }) == [.string("3,5"), .string("7")])
            let record = try await training.call("GET", "/agents/h1/record", token: try await training.agent("h1"))
            #expect((record.json as? [[String: Any]])?.first?["minutesAttended"] as? Int == 210)
            #expect(try await training.call("GET", "/agents/h1/record", token: try await training.agent("h2")).status == 403)
        }
    }
}

/// The Paris calendar day of an instant, as `YYYY-MM-DD`.
enum ParisTimeText {
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
