import CommonContracts
import ContractTypes
import DeskContracts
import DeskService
import Foundation
import Identity
import NotificationsContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Sirene
import SireneStub
import Storage
import Testing
/// Follow-up (domain §5.3, §5.4): the 7-day reminder and the 14-day escalation on the desk's clock, durable across
/// a restart; the experts' actions, the need's aggregated status, the satisfaction survey.
@Suite("Desk follow-up", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct FollowUpTests {
    @Test("a match left in quo: a reminder after 7 days, an escalation after 14 once the service restarted, each once")
    func reminderAndEscalationSurviveARestart() async throws {
        try await DeskBed.run { desk in
            let detail = try await desk.submitAndSettle(
                DeskBed.request(subject: "recruter", siret: "20005372600010"), token: try await desk.company("20005372600010"))
            let matchIds = DeskBed.matchIds(detail)
            let matchId = try #require(matchIds.first)
            let matches = matchIds.count
            #expect(try await desk.bed.count("SELECT count(*) FROM follow_ups WHERE fired_at IS NULL") == 2 * matches)

            desk.settings.clock.advance(by: 7 * 86_400 + 60)
            desk.settings.wake.signal()
            let reminders = try await desk.bed.published(MatchReminderDue.self, count: matches)
            #expect(reminders.map(\.kind) == Array(repeating: .reminder, count: matches))
            let mailed = try await desk.notices("desk-match-reminder", count: matches).flatMap { $0.recipients.map(\.email) }
            #expect(mailed.contains("sandrine.masson@cci21.example"))

            // A restart: a new process on the same database, its clock 14 days ahead. The timers are rows, not memory.
            let clock = DeskClock()
            clock.advance(by: 14 * 86_400 + 60)
            var settings = desk.settings
            settings.clock = clock
            try await desk.bed.restart(with: try DeskService.definition(settings: settings))
            settings.wake.signal()
            try await desk.bed.eventually {
                try await desk.bed.count("SELECT count(*) FROM follow_ups WHERE kind = 'escalation' AND fired_at IS NOT NULL") == matches
            }
            let all = try await desk.bed.published(MatchReminderDue.self, count: 2 * matches)
            #expect(all.filter { $0.kind == .escalation }.count == matches)
            #expect(all.filter { $0.kind == .reminder }.count == matches)
            #expect(all.filter { $0.kind == .escalation }.allSatisfy { $0.managerEmail != nil })
            #expect(try await desk.bed.count("SELECT count(*) FROM follow_ups WHERE match_id = '\(matchId)' AND fired_at IS NOT NULL") == 2)
        }
    }

    @Test("the expert takes care then closes done: timers cancelled, need done, survey sent once and answered once")
    func expertClosesAndTheCompanyAnswersTheSurvey() async throws {
        try await DeskBed.run { desk in
            let detail = try await desk.submitAndSettle(
                DeskBed.request(subject: "recruter", siret: "20005372600010", email: "rh@logiciels.example"),
                token: try await desk.company("20005372600010", email: "rh@logiciels.example"))
            let matchId = try #require(DeskBed.matchId(detail, expert: "cci21-rh"))
            let others = DeskBed.matchIds(detail).filter { $0 != matchId }
            let expert = try await desk.expert("sandrine.masson@cci21.example")
            let stranger = try await desk.expert("someone@else.example")

            #expect(try await desk.call("POST", "/matches/\(matchId)/take-care", token: stranger).status == 403)
            #expect(try await desk.call("POST", "/matches/\(matchId)/take-care", token: nil).status == 401)
            let mine = try await desk.call("GET", "/matches", token: expert)
            #expect((mine.json as? [[String: Any]])?.compactMap { $0["matchId"] as? String } == [matchId])
            _ = try await desk.object("POST", "/matches/\(matchId)/take-care", token: expert)
            #expect(try await desk.bed.count("SELECT count(*) FROM follow_ups WHERE cancelled") == 2)
            #expect(try await desk.bed.count("SELECT count(*) FROM follow_ups WHERE NOT cancelled") == 2 * others.count)
            let backwards = try await desk.call("POST", "/matches/\(matchId)/close", ["status": "notForMe"], token: expert)
            #expect(backwards.status == 409)
            _ = try await desk.object("POST", "/matches/\(matchId)/close", ["status": "done", "comment": "Deux recrutements aidés."], token: expert)
            // The same move again is a no-op, not a second event.
            _ = try await desk.object("POST", "/matches/\(matchId)/close", ["status": "done"], token: expert)

            // The need is done: the other experts' reminders are cancelled too.
            #expect(try await desk.bed.count("SELECT count(*) FROM follow_ups WHERE NOT cancelled") == 0)
            let closed = try await desk.bed.published(NeedClosed.self, count: 1)
            #expect(closed.map(\.status) == [.done])
            let updates = try await desk.bed.published(MatchUpdated.self, count: 2)
            #expect(updates.map(\.status) == [.takingCare, .done])
            let survey = try #require(try await desk.notices("desk-survey", count: 1).first)
            #expect(survey.recipients.map(\.email) == ["rh@logiciels.example"])
            guard case .string(let link) = survey.variables?["link"] else { Issue.record("no link"); return }
            let token = String(try #require(link.split(separator: "=").last))
            let needId = closed[0].needId
            let answer = ["token": token, "contactedByExpert": true, "usefulExchange": true, "comment": "Merci"] as [String: Any]
            #expect(try await desk.call("POST", "/surveys/\(needId)", answer, token: nil).status == 204)
            #expect(try await desk.call("POST", "/surveys/\(needId)", answer, token: nil).status == 403)
            #expect(try await desk.bed.count("SELECT count(*) FROM surveys WHERE useful_exchange") == 1)
        }
    }

    @Test("the same expert cannot be matched twice to one need (unique constraint, domain §5.5)")
    func oneMatchPerExpertAndNeed() async throws {
        try await DeskBed.run { desk in
            let detail = try await desk.submitAndSettle(
                DeskBed.request(subject: "recruter", siret: "20005372600010"), token: try await desk.company("20005372600010"))
            let matchId = try #require(DeskBed.matchIds(detail).first)
            await #expect(throws: PostgresError.self) {
                try await desk.bed.host.withTransaction { transaction in
                    try await transaction.execute(
                        """
                        INSERT INTO matches (match_id, need_id, expert_key, expert_name, expert_email, institution, antenne, status, sent_at)
                        SELECT gen_random_uuid(), need_id, expert_key, expert_name, expert_email, institution, antenne, 'quo', now()
                        FROM matches WHERE match_id = \(matchId)::uuid
                        """)
                }
            }
        }
    }
}
