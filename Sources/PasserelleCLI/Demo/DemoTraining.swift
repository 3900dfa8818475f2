import Foundation
import Identity
import ServiceRuntime

/// The training scheduler's part of `passerelle demo`: an organiser schedules a two-day session across the next
/// daylight-saving change (Friday and Monday, 9:00 in Paris both days), three agents sign up for two seats (two booked
/// with an invitation, one waitlisted), one withdraws and the waitlisted agent is promoted with an invitation, then the
/// trainer falls ill and the organiser cancels the session: every sign-up becomes 20 and the booked agents receive the
/// iCalendar CANCEL of their invitation, which the demo reads back from the SMTP sink.
struct DemoTraining: Sendable {
    let url: String
    let operatorToken: String
    let identity: DemoIdentity
    /// The SMTP sink's folder, where the demo finds the invitations and their cancellations.
    let mail: URL
    let progress: @Sendable (String) -> Void

    struct Report: Sendable, Codable {
        var sessionId: String
        var signups: [String]
        var promoted: String
        /// The UIDs whose REQUEST and CANCEL the SMTP sink received.
        var cancelledInvitations: [String]
    }

    func story() async throws -> Report {
        let run = UUID().uuidString.lowercased().prefix(8)
        let organiser = try await self.identity.provider.issue(
            subject: "demo-organiser", email: "formation@cdg21.example", roles: [Caller.Role.organiser])
        let (friday, monday) = Self.aroundNextDaylightSavingChange(after: Date())
        let session = UUID().uuidString.lowercased()
        let plan: [String: Any] = [
            "courseCode": "ACTES-01", "title": "Télétransmettre un acte au contrôle de légalité", "datesKnown": true,
            "dates": [Self.slot(friday, 9, 0, 17, 0), Self.slot(monday, 9, 0, 12, 30)],
            "location": ["name": "Centre de gestion de la Côte-d'Or", "communeInsee": "21231"], "room": "Salle Vauban \(run)",
            "trainers": [["trainerId": "demo-trainer-\(run)", "fullName": "Hélène Faure"]], "capacity": 2, "minParticipants": 2,
            "allowWaitlist": true, "approval": "none", "cancellationCutoffHours": 48, "reminderDaysBefore": 3,
        ]
        _ = try await self.call("POST", "/sessions", ["sessionId": session, "plan": plan], token: organiser, expect: [201])
        self.progress("training: a session across the daylight-saving change (\(friday.description) and \(monday.description)), 2 seats")

        var signups: [String] = []
        var agents: [String] = []
        for (index, name) in ["Camille Bernard", "Lucas Petit", "Inès Moreau"].enumerated() {
            let agent = "demo-agent-\(run)-\(index + 1)"
            let token = try await self.identity.provider.issue(
                subject: agent, email: "\(agent)@mairie-exemple.example", roles: ["agent"], siren: "212102313")
            let id = UUID().uuidString.lowercased()
            _ = try await self.call(
                "POST", "/sessions/\(session)/signups", ["signupId": id, "fullName": name], token: token, expect: [201])
            signups.append(id)
            agents.append(token)
        }
        self.progress("training: three agents sign up for two seats: two booked (invitations sent), one waitlisted")
        _ = try await self.call("POST", "/signups/\(signups[0])/cancel", ["reason": "Conseil municipal ce jour-là"], token: agents[0], expect: [200])
        let promoted = try await self.signup(signups[2])
        guard promoted == 70 else { throw DemoHTTP.Failure(description: "the waitlisted agent was not promoted (status \(promoted))") }
        self.progress("training: the first agent withdraws; the waitlisted agent gets the seat and an invitation")

        _ = try await self.call(
            "POST", "/sessions/\(session)/cancel", ["reason": "trainerUnavailable", "reasonText": "La formatrice est souffrante."],
            token: organiser, expect: [200])
        let booked = [signups[1], signups[2]]
        let uids = booked.map { "signup-\($0)@training.passerelle.example" }
        try await DemoHTTP.poll("the invitations and their cancellations in the SMTP sink", timeout: .seconds(90)) {
            uids.allSatisfy { uid in self.mailed(uid: uid, method: "REQUEST") && self.mailed(uid: uid, method: "CANCEL") }
        }
        self.progress("training: the trainer is ill, the session is cancelled; the booked agents receive the iCalendar CANCEL")
        return Report(sessionId: session, signups: signups, promoted: signups[2], cancelledInvitations: uids)
    }

    /// The Friday before and the Monday after the next last Sunday of March or October (a change of UTC offset in Paris).
    static func aroundNextDaylightSavingChange(after now: Date) -> (friday: DemoDay, monday: DemoDay) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        var probe = calendar.startOfDay(for: now.addingTimeInterval(7 * 86_400))
        while true {
            let next = calendar.date(byAdding: .day, value: 1, to: probe)!
            if TimeZone(identifier: "Europe/Paris")!.secondsFromGMT(for: next.addingTimeInterval(12 * 3600))
                != TimeZone(identifier: "Europe/Paris")!.secondsFromGMT(for: probe.addingTimeInterval(12 * 3600))
            {
                // `next` is the Sunday of the change.
                let friday = calendar.date(byAdding: .day, value: -2, to: next)!
                let monday = calendar.date(byAdding: .day, value: 1, to: next)!
                return (DemoDay(calendar.dateComponents([.year, .month, .day], from: friday)), DemoDay(calendar.dateComponents([.year, .month, .day], from: monday)))
            }
            probe = next
        }
    }

    struct DemoDay: Sendable, CustomStringConvertible {
        var year: Int
        var month: Int
        var day: Int
        init(_ parts: DateComponents) {
            self.year = parts.year!
            self.month = parts.month!
            self.day = parts.day!
        }
        var description: String { String(format: "%04d-%02d-%02d", self.year, self.month, self.day) }
    }

    static func slot(_ day: DemoDay, _ startHour: Int, _ startMinute: Int, _ endHour: Int, _ endMinute: Int) -> [String: String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        func at(_ hour: Int, _ minute: Int) -> String {
            let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))!
            return ISO8601DateFormatter().string(from: date)
        }
        return ["start": at(startHour, startMinute), "end": at(endHour, endMinute)]
    }

    /// Whether the SMTP sink holds a mail whose text/calendar part has this UID and method (quoted-printable undone).
    func mailed(uid: String, method: String) -> Bool {
        let files = (try? FileManager.default.contentsOfDirectory(at: self.mail, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "eml" }.contains { file in
            guard let text = try? String(contentsOf: file, encoding: .utf8), text.contains("text/calendar") else { return false }
            let joined = text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "")
            return joined.contains(uid) && joined.contains("METHOD:\(method)")
        }
    }

    private func signup(_ id: String) async throws -> Int {
        let reply = try await ServiceHTTP.request("GET", "\(self.url)/signups/\(id)", token: self.operatorToken)
        let json = (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]) ?? [:]
        return (json["signup"] as? [String: Any])?["status"] as? Int ?? 0
    }

    @discardableResult
    private func call(_ method: String, _ path: String, _ body: [String: Any], token: String?, expect: Set<Int>) async throws -> Data {
        let reply = try await ServiceHTTP.request(
            method, "\(self.url)\(path)", body: try JSONSerialization.data(withJSONObject: body), contentType: "application/json", token: token)
        guard expect.contains(reply.status) else {
            throw DemoHTTP.Failure(description: "\(method) \(path): answered \(reply.status): \(reply.text)")
        }
        return reply.body
    }
}
