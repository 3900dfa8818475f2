import Foundation
import Identity
import PasserelleCLI

/// `passerelle bench documents`: acts from submission to acknowledgement through the running platform — the
/// documents service, the prefecture bridge, the partners' broker and the prefecture simulator (scripts/up). A
/// fresh authority (a Luhn-valid SIREN of its own) is onboarded with a classification, then --acts acts of --size
/// bytes are uploaded and submitted with --concurrency requests in flight. Latency is the service's own clock:
/// from the act's first status (posted) to its acknowledgement (status 4) in its history.
struct DocumentsBenchmark: Sendable {
    struct Settings: Sendable {
        var url: String
        var home: String
        var acts: Int
        var size: Int
        var concurrency: Int
    }

    struct Result: Sendable, Codable {
        var acts: Int
        var size_bytes: Int
        var acts_per_s: Double
        var p50_ms: Double
        var p99_ms: Double
        var max_ms: Double
        /// Median of the time from submission to the transmission (status 3): the service's share.
        var to_transmitted_p50_ms: Double
        /// Median of the time from transmission to acknowledgement: bridge, partner broker and prefecture, both ways.
        var transmitted_to_acknowledged_p50_ms: Double
        var submission_seconds: Double
        var total_seconds: Double
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let settings: Settings
    let progress: @Sendable (String) -> Void

    func run() async throws -> Result {
        let provider = try DevelopmentIdentityProvider(
            directory: URL(fileURLWithPath: self.settings.home).appendingPathComponent("secrets/identity"))
        let operatorToken = try await provider.issue(subject: "bench-operator", roles: [Caller.Role.operator])
        let siren = Self.siren()
        let agent = try await provider.issue(subject: "bench-agent", siren: siren)
        try await self.onboard(siren, operatorToken: operatorToken, agent: agent)
        self.progress("authority \(siren) onboarded; submitting \(self.settings.acts) acts of \(self.settings.size) bytes")
        let started = Date()
        var ids: [String] = []
        try await withThrowingTaskGroup(of: String.self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                group.addTask { try await self.submit(index, siren: siren, token: agent) }
            }
            for _ in 0..<min(self.settings.concurrency, self.settings.acts) { add() }
            while let id = try await group.next() {
                ids.append(id)
                if ids.count % 100 == 0 { self.progress("\(ids.count) acts submitted") }
                if next < self.settings.acts { add() }
            }
        }
        let submitted = Date().timeIntervalSince(started)
        self.progress("all submitted in \(String(format: "%.1f", submitted)) s; waiting for the acknowledgements")
        let deadline = Date().addingTimeInterval(600)
        while true {
            let reply = try await ServiceHTTP.request(
                "GET", "\(self.settings.url)/acts?siren=\(siren)&status=4&limit=1000", token: operatorToken)
            let count = ((try? JSONSerialization.jsonObject(with: reply.body)) as? [Any])?.count ?? 0
            if count >= self.settings.acts { break }
            guard Date() < deadline else { throw Failure(description: "only \(count) of \(self.settings.acts) acts acknowledged after 10 minutes") }
            try await Task.sleep(for: .milliseconds(200))
        }
        var latencies: [Double] = []
        var service: [Double] = []
        var partner: [Double] = []
        var first = Date.distantFuture
        var last = Date.distantPast
        for id in ids {
            let history = try await self.history(id, token: agent)
            guard let posted = history[1], let acknowledged = history[4], let transmitted = history[3] else {
                throw Failure(description: "act \(id) has an incomplete history")
            }
            latencies.append(acknowledged.timeIntervalSince(posted) * 1000)
            service.append(transmitted.timeIntervalSince(posted) * 1000)
            partner.append(acknowledged.timeIntervalSince(transmitted) * 1000)
            first = min(first, posted)
            last = max(last, acknowledged)
        }
        let all = Percentiles(latencies)
        return Result(
            acts: ids.count, size_bytes: self.settings.size,
            acts_per_s: Double(ids.count) / max(last.timeIntervalSince(first), 0.001), p50_ms: all.value(at: 50),
            p99_ms: all.value(at: 99), max_ms: all.value(at: 100), to_transmitted_p50_ms: Percentiles(service).value(at: 50),
            transmitted_to_acknowledged_p50_ms: Percentiles(partner).value(at: 50), submission_seconds: submitted,
            total_seconds: last.timeIntervalSince(first))
    }

    private func onboard(_ siren: String, operatorToken: String, agent: String) async throws {
        try await self.call("POST", "/authorities", [
            "siren": siren, "name": "Commune de banc d'essai \(siren)", "departement": "021", "arrondissement": "1", "nature": "31",
            "actesAgreement": "BENCH-\(siren)", "pesDomains": [], "budgets": [], "referentName": "Banc d'essai",
            "referentEmail": "bench@passerelle.example", "returnAddresses": ["bench@passerelle.example"], "broadcastAddresses": [],
        ], token: operatorToken)
        try await self.call("PUT", "/authorities/\(siren)/classification", [
            "date": "2026-01-15",
            "natures": [["code": "1", "label": "Délibérations", "attachmentTypes": ["99_DE"]]],
            "matters": [["path": "5", "label": "Institutions et vie politique"], ["path": "5.1", "label": "Élection exécutif"]],
        ], token: operatorToken)
    }

    private func submit(_ index: Int, siren: String, token: String) async throws -> String {
        var content = Data("%PDF-1.4\n% bench act \(index)\n".utf8)
        content.append(Data(repeating: 0x20, count: max(0, self.settings.size - content.count - 6)))
        content.append(Data("%%EOF\n".utf8))
        let upload = try await ServiceHTTP.request(
            "POST", "\(self.settings.url)/files?name=acte-\(index).pdf", body: content, contentType: "application/pdf", token: token)
        guard upload.status == 201, let file = try JSONSerialization.jsonObject(with: upload.body) as? [String: Any] else {
            throw Failure(description: "upload: \(upload.status) \(upload.text)")
        }
        let actId = UUID().uuidString.lowercased()
        try await self.call("POST", "/acts", [
            "actId": actId, "siren": siren, "numeroInterne": "B\(index)", "decisionDate": Self.yesterday(), "natureCode": "1",
            "matter": "5.1", "object": "Délibération de banc d'essai n° \(index)",
            "act": ["sha256": file["sha256"] as! String, "fileName": file["fileName"] as! String],
        ], token: token)
        return actId
    }

    /// Status → when it was first reached.
    private func history(_ actId: String, token: String) async throws -> [Int: Date] {
        let reply = try await ServiceHTTP.request("GET", "\(self.settings.url)/acts/\(actId)", token: token)
        let json = (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]) ?? [:]
        var reached: [Int: Date] = [:]
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for entry in json["history"] as? [[String: Any]] ?? [] {
            guard let status = entry["status"] as? Int, let at = (entry["at"] as? String).flatMap(formatter.date(from:)) else { continue }
            if reached[status] == nil { reached[status] = at }
        }
        return reached
    }

    @discardableResult
    private func call(_ method: String, _ path: String, _ body: [String: Any], token: String) async throws -> Data {
        let reply = try await ServiceHTTP.request(
            method, "\(self.settings.url)\(path)", body: try JSONSerialization.data(withJSONObject: body),
            contentType: "application/json", token: token)
        guard (200..<300).contains(reply.status) else {
            throw Failure(description: "\(method) \(path): documents answered \(reply.status): \(reply.text)")
        }
        return reply.body
    }

    /// A Luhn-valid SIREN starting with 2 (public bodies), new for each run.
    static func siren() -> String {
        while true {
            let candidate = "2" + String(format: "%08d", Int.random(in: 0...99_999_999))
            var sum = 0
            for (index, character) in candidate.reversed().enumerated() {
                var digit = Int(String(character))!
                if index % 2 == 1 {
                    digit *= 2
                    if digit > 9 { digit -= 9 }
                }
                sum += digit
            }
            if sum % 10 == 0 { return candidate }
        }
    }

    static func yesterday() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")
        return formatter.string(from: Date().addingTimeInterval(-86_400))
    }
}
