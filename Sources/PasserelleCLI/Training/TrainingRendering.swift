import Foundation

/// The text `passerelle training` prints for people; pure functions of the service's answers, so tests check them.
/// Session times are shown in Europe/Paris, the time of every session; other instants as the service sent them.
enum TrainingRendering {
    /// The zone of the sessions' wall time.
    static let paris: TimeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600) ?? .current

    /// An RFC 3339 date-time, with or without fractional seconds.
    static func date(_ text: String) -> Date? {
        var whole = text
        if let dot = whole.firstIndex(of: ".") {
            let end = whole[dot...].dropFirst().firstIndex { !$0.isNumber } ?? whole.endIndex
            whole.removeSubrange(dot..<end)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: whole)
    }

    private static func parts(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.paris
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    private static func day(_ parts: DateComponents) -> String {
        String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    private static func clock(_ parts: DateComponents) -> String {
        String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// `2026-05-12T07:00:00.000Z` → `2026-05-12 09:00` (Paris wall time); the text as sent when it does not parse.
    static func parisTime(_ text: String) -> String {
        guard let date = Self.date(text) else { return text }
        let parts = Self.parts(date)
        return "\(Self.day(parts)) \(Self.clock(parts))"
    }

    /// `2026-05-12 09:00–17:00`, or `2026-05-12 22:00–2026-05-13 02:00` across midnight (Paris wall time).
    static func span(_ date: TrainingAPI.SessionDate) -> String {
        guard let start = Self.date(date.start), let end = Self.date(date.end) else { return "\(date.start)–\(date.end)" }
        let from = Self.parts(start)
        let to = Self.parts(end)
        let sameDay = from.year == to.year && from.month == to.month && from.day == to.day
        return "\(Self.day(from)) \(Self.clock(from))–" + (sameDay ? "" : "\(Self.day(to)) ") + Self.clock(to)
    }

    /// The first date's start in Paris time; `not known` while the dates are not.
    static func firstDate(_ plan: TrainingAPI.Plan) -> String {
        guard plan.datesKnown else { return "not known" }
        let first = plan.dates.compactMap { date in Self.date(date.start).map { (date.start, $0) } }.min { $0.1 < $1.1 }
        return first.map { Self.parisTime($0.0) } ?? "-"
    }

    /// `5/12`, `5/unlimited` for capacity 0.
    static func seats(_ session: TrainingAPI.Session) -> String {
        "\(session.booked)/" + (session.plan.capacity == 0 ? "unlimited" : String(session.plan.capacity))
    }

    /// The first 8 characters of an id, as the list shows it (`show` takes the whole id).
    static func prefix(_ id: String) -> String { String(id.prefix(8)) }

    static func list(_ sessions: [TrainingAPI.Session]) -> String {
        guard !sessions.isEmpty else { return "No sessions.\n" }
        var table = TextTable(columns: [
            .init("ID"), .init("COURSE"), .init("TITLE", maxWidth: 44), .init("FIRST DATE"), .init("STATUS"),
            .init("BOOKED", alignment: .right), .init("WAITLISTED", alignment: .right), .init("PENDING", alignment: .right),
        ])
        for session in sessions {
            table.append([
                Self.prefix(session.sessionId), session.plan.courseCode, session.plan.title, Self.firstDate(session.plan),
                session.status, Self.seats(session), String(session.waitlisted), String(session.pendingApproval),
            ])
        }
        return table.render() + "\(sessions.count) session(s); dates in Europe/Paris; PENDING: sign-ups awaiting an approval\n"
    }

    static func session(_ session: TrainingAPI.Session) -> String {
        let plan = session.plan
        var seats = "\(session.booked) booked of " + (plan.capacity == 0 ? "unlimited seats" : String(plan.capacity))
        if let left = session.seatsLeft { seats += " (\(left) left)" }
        seats += ", \(session.waitlisted) waitlisted, \(session.pendingApproval) awaiting approval"
        let dates = plan.datesKnown ? plan.dates.map(Self.span).joined(separator: ", ") + " (Europe/Paris)" : "not known yet"
        var location = "\(plan.location.name) (commune \(plan.location.communeInsee))"
        if let room = plan.room { location += ", room \(room)" }
        var rules = [
            plan.minParticipants > 0 ? "minimum \(plan.minParticipants)" : "no minimum",
            plan.allowWaitlist ? "waitlist" : "no waitlist", "approval \(plan.approval)",
            "cancellation cut-off \(plan.cancellationCutoffHours) h",
        ]
        rules.append(plan.reminderDaysBefore > 0 ? "reminder \(plan.reminderDaysBefore) day(s) before" : "no reminder")
        return DocumentsRendering.fields([
            ("session", session.sessionId), ("course", plan.courseCode), ("title", plan.title), ("status", session.status),
            ("organiser", session.organiser), ("dates", dates), ("location", location),
            ("trainers", plan.trainers.map { "\($0.fullName) (\($0.trainerId))" }.joined(separator: ", ")),
            ("seats", seats), ("rules", rules.joined(separator: ", ")),
        ])
    }

    /// The session's sign-ups in arrival order: `#` is the order within the session, ARRIVAL the service's number.
    static func roster(_ signups: [TrainingAPI.Signup]) -> String {
        guard !signups.isEmpty else { return "No sign-ups.\n" }
        var table = TextTable(columns: [
            .init("#", alignment: .right), .init("ARRIVAL", alignment: .right), .init("SIGNUP"), .init("AGENT", maxWidth: 30),
            .init("NAME", maxWidth: 30), .init("STATUS"), .init("LATE"),
        ])
        for (index, signup) in signups.sorted(by: { $0.arrival < $1.arrival }).enumerated() {
            table.append([
                String(index + 1), String(signup.arrival), signup.signupId, signup.agent.agentId, signup.agent.fullName,
                TrainingAPI.status(signup.status), signup.late ? "late" : "-",
            ])
        }
        return table.render()
    }

    static func detail(_ session: TrainingAPI.Session, roster: [TrainingAPI.Signup]) -> String {
        Self.session(session) + "\nRoster (\(roster.count) sign-up(s), in arrival order):\n" + Self.roster(roster)
    }

    /// The session statuses in lifecycle order.
    static let sessionStatuses = ["draft", "open", "full", "confirmed", "cancelled", "inProgress", "held", "closed", "archived"]

    static func summary(_ summary: TrainingAPI.Summary) -> String {
        var table = TextTable(columns: [.init("KIND"), .init("STATUS"), .init("COUNT", alignment: .right)])
        let order = { (status: String) in Self.sessionStatuses.firstIndex(of: status) ?? Self.sessionStatuses.count }
        if summary.sessionsByStatus.isEmpty { table.append(["sessions", "-", "0"]) }
        for (status, count) in summary.sessionsByStatus.sorted(by: { (order($0.key), $0.key) < (order($1.key), $1.key) }) {
            table.append(["sessions", status, String(count)])
        }
        if summary.signupsByStatus.isEmpty { table.append(["sign-ups", "-", "0"]) }
        let codes = summary.signupsByStatus.sorted { (Int($0.key) ?? .max, $0.key) < (Int($1.key) ?? .max, $1.key) }
        for (code, count) in codes {
            table.append(["sign-ups", Int(code).map(TrainingAPI.status) ?? code, String(count)])
        }
        return table.render()
            + DocumentsRendering.fields([
                ("timers pending", String(summary.timersPending)),
                ("timers overdue (over a minute)", String(summary.timersOverdue)),
                ("timers failed (set aside)", String(summary.timersFailed ?? 0)),
                ("certificates issued", String(summary.certificates)),
            ])
    }
}
