import Foundation

/// The demo's calls to the services' HTTP listeners, and its waits on their state.
package struct DemoHTTP: Sendable {
    package let procurement: String
    package let notifications: String
    /// An operator's token, for the reads reserved to the buyer's agents and operators.
    package let operatorToken: String

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    private struct Summary: Decodable {
        package var status: String
    }

    private struct Entry: Decodable {
        package var kind: String
    }

    private struct Receipt: Decodable {
        package var bidId: String
    }

    package func subscribe(email: String, name: String, cpv: [String], departements: [String], token: String?) async throws {
        var filters: [String: [String]] = ["cpvPrefixes": cpv]
        if !departements.isEmpty { filters["departements"] = departements }
        let body = try JSONSerialization.data(withJSONObject: ["email": email, "name": name, "filters": filters, "mode": "immediate"])
        let reply = try await ServiceHTTP.request(
            "POST", "\(self.notifications)/subscriptions", body: body, contentType: "application/json", token: token)
        guard reply.status == 201 || reply.status == 200 else {
            throw Failure(description: "subscription of \(email): notifications answered \(reply.status): \(reply.text)")
        }
    }

    package func download(_ tender: String, identified company: DemoCast.Company?, token: String? = nil) async throws {
        var url = "\(self.procurement)/tenders/\(tender)/documents"
        if let company {
            var components = URLComponents()
            components.queryItems = [
                .init(name: "company", value: company.name), .init(name: "contactName", value: company.contact),
            ]
            url += "?" + (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        }
        let reply = try await ServiceHTTP.request("GET", url, token: token)
        guard reply.status == 200 else { throw Failure(description: "download of \(tender): \(reply.status) \(reply.text)") }
    }

    /// Deposits a bid; returns its id.
    package func deposit(
        _ tender: String, _ company: DemoCast.Company, token: String, lots: [Int], content: String
    ) async throws -> String {
        var components = URLComponents()
        components.queryItems = [
            .init(name: "contactName", value: company.contact), .init(name: "company", value: company.name),
            .init(name: "lots", value: lots.map(String.init).joined(separator: ",")),
        ]
        let reply = try await ServiceHTTP.request(
            "POST", "\(self.procurement)/tenders/\(tender)/bids?\(components.percentEncodedQuery ?? "")",
            body: Data(content.utf8), contentType: "application/octet-stream", token: token)
        guard reply.status == 201, let receipt = try? JSONDecoder().decode(Receipt.self, from: reply.body) else {
            throw Failure(description: "deposit on \(tender): \(reply.status) \(reply.text)")
        }
        return receipt.bidId
    }

    package func status(_ tender: String) async throws -> String? {
        let reply = try await ServiceHTTP.request("GET", "\(self.procurement)/tenders/\(tender)")
        guard reply.status == 200 else { return nil }
        return try? JSONDecoder().decode(Summary.self, from: reply.body).status
    }

    package func waitForStatus(_ tender: String, _ status: String, timeout: Duration = .seconds(30)) async throws {
        try await Self.poll("tender \(tender) to be \(status)", timeout: timeout) {
            try await self.status(tender) == status
        }
    }

    package func waitForHistory(_ tender: String, _ kind: String, count: Int = 1, timeout: Duration = .seconds(30)) async throws {
        try await Self.poll("tender \(tender) to record \(kind)", timeout: timeout) {
            let reply = try await ServiceHTTP.request(
                "GET", "\(self.procurement)/tenders/\(tender)/history", token: self.operatorToken)
            let entries = (try? JSONDecoder().decode([Entry].self, from: reply.body)) ?? []
            return entries.filter { $0.kind == kind }.count >= count
        }
    }

    package static func poll(_ what: String, timeout: Duration, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw Failure(description: "timed out waiting for \(what)")
    }
}
