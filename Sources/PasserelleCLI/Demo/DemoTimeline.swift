import Foundation

/// What happened in the demo, in time order: the tenders' histories, the refusals and the notices sent.
struct DemoTimeline: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var at: String
        var tender: String
        var what: String
    }

    var rows: [Row]
    var refusals: [DemoScenario.Refusal]
    var notificationsSent: Int
    var notificationsPending: Int
    var notificationsByTemplate: [String: Int]

    private struct Entry: Decodable {
        var at: String
        var kind: String
    }

    static func collect(
        _ report: DemoScenario.Report, procurement: String, notifications: String, token: String
    ) async throws -> DemoTimeline {
        let tenders = [
            ("Région", report.formalisedTenderId), ("Dijon", report.adaptedTenderId), ("Morvan", report.cancelledTenderId),
        ]
        var rows: [Row] = []
        for (name, id) in tenders {
            let reply = try await ServiceHTTP.request("GET", "\(procurement)/tenders/\(id)/history", token: token)
            for entry in (try? JSONDecoder().decode([Entry].self, from: reply.body)) ?? [] {
                rows.append(Row(at: entry.at, tender: name, what: Self.describe(entry.kind)))
            }
        }
        rows.sort { $0.at < $1.at }
        var sent = 0
        var pending = 0
        var byTemplate: [String: Int] = [:]
        // Wait (bounded) for the notices to leave, then count them.
        let deadline = ContinuousClock.now + .seconds(60)
        repeat {
            sent = 0
            pending = 0
            byTemplate = [:]
            for (_, id) in tenders {
                let reply = try await ServiceHTTP.request(
                    "GET", "\(notifications)/notifications?tenderId=\(id)", token: token)
                let items = (try? JSONSerialization.jsonObject(with: reply.body)) as? [[String: Any]] ?? []
                for item in items {
                    let status = item["status"] as? String ?? ""
                    if status == "sent" { sent += 1 }
                    if ["queued", "sending", "softBounced"].contains(status) { pending += 1 }
                    byTemplate[item["template"] as? String ?? "?", default: 0] += 1
                }
            }
            if pending == 0 { break }
            try await Task.sleep(for: .milliseconds(500))
        } while ContinuousClock.now < deadline
        return DemoTimeline(
            rows: rows, refusals: report.refusals, notificationsSent: sent, notificationsPending: pending,
            notificationsByTemplate: byTemplate)
    }

    static func describe(_ kind: String) -> String {
        switch kind {
        case "published": "published"
        case "questionAsked": "question asked"
        case "questionAnswered": "question answered → notice to identified downloaders"
        case "amended": "DCE amended → notice to identified downloaders and bidders"
        case "deadlineChanged": "deadline moved"
        case "closed": "closed at the deadline (timer)"
        case "bidsOpened": "bids opened"
        case "lotUnsuccessful": "lot unsuccessful"
        case "awarded": "award decided"
        case "rejectionsIssued": "rejection letters issued"
        case "lettersSent": "rejection letters sent (standstill starts)"
        case "standstillEnded": "standstill ended"
        case "contractSigned": "contract signed"
        case "cancelled": "cancelled (sans suite) → notice to candidates"
        default: kind
        }
    }

    func table() -> String {
        var table = TextTable(columns: [.init("TIME"), .init("TENDER"), .init("WHAT", maxWidth: 70)])
        for row in self.rows {
            table.append([String(row.at.dropFirst(11).prefix(12)), row.tender, row.what])
        }
        var text = table.render()
        if !self.refusals.isEmpty {
            var refused = TextTable(columns: [.init("REFUSED COMMAND"), .init("RULE", maxWidth: 40), .init("WHY", maxWidth: 70)])
            for refusal in self.refusals {
                refused.append([refusal.commandType, refusal.rule, refusal.message])
            }
            text += "\n\n" + refused.render()
        }
        if !self.notificationsByTemplate.isEmpty {
            var notices = TextTable(columns: [.init("NOTICE"), .init("COUNT", alignment: .right)])
            for (template, count) in self.notificationsByTemplate.sorted(by: { $0.key < $1.key }) {
                notices.append([template, String(count)])
            }
            text += "\n\n" + notices.render()
        }
        return text
    }
}
