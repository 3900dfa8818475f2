import Foundation
import ServiceRuntime
import Storage
import Testing

@testable import NotificationsService

/// Who may read what (issue 15): every confidential route anonymously (401), as the wrong person or body
/// (403, or the 404 of a missing notice), and as the right one (200).
@Suite(.enabled(if: ServiceTestGate.isConfigured), .serialized, .timeLimit(.minutes(2)))
struct RouteAccessTests {
    /// The fixture's buyer: SIRET 21210231300013, SIREN 212102313.
    static let buyerSIREN = "212102313"
    static let bidder = "paul@btp.example"

    /// A published tender and a bid on it: the bid receipt (to the bidder) names who is competing.
    private func tenderWithABid(_ bed: NotificationsTestBed) async throws -> (tender: String, notice: String) {
        let tender = Fixtures.id()
        try bed.publish("procurement.tender.published.v1", Fixtures.tenderPublished(tenderId: tender))
        #expect(try await bed.eventually {
            try await bed.count("SELECT count(*) FROM notifications.tenders WHERE buyer_siret = '21210231300013'") == 1
        })
        try bed.publish("procurement.bid.received.v1", Fixtures.bidReceived(tenderId: tender, bidId: Fixtures.id(), email: Self.bidder))
        #expect(try await bed.eventually {
            try await bed.count("SELECT count(*) FROM notifications.notifications WHERE template = 'bid-receipt'") == 1
        })
        let rows = try await bed.query("SELECT notification_id::text FROM notifications.notifications WHERE template = 'bid-receipt'")
        return (tender, try #require(rows.first).decode(String.self, at: 0))
    }

    @Test func anonymousCallersGet401OnEveryConfidentialRoute() async throws {
        try await withTestBed { bed in
            let http = try await bed.http()
            let (tender, notice) = try await self.tenderWithABid(bed)
            for path in [
                "/notifications?tenderId=\(tender)", "/notifications?recipient=\(Self.bidder)", "/notifications/\(notice)",
                "/subscriptions?email=\(Self.bidder)",
            ] {
                let answer = try await http.request("GET", path)
                #expect(answer.status == 401, "\(path)")
                #expect(answer.problem["code"] == "unauthenticated", "\(path)")
                #expect(answer.problem["field"] == "Authorization", "\(path)")
                #expect(!answer.body.contains(Self.bidder), "\(path)")
            }
            // A token that does not verify is refused the same way, never read.
            let forged = try await http.request("GET", "/notifications/\(notice)", token: "eyJhbGciOiJub25lIn0.e30.")
            #expect(forged.status == 401)
            #expect(forged.problem["code"] == "invalidToken")
        }
    }

    @Test func theTendersStatusesAreForTheBuyersAgentsAndOperators() async throws {
        try await withTestBed { bed in
            let http = try await bed.http()
            let (tender, _) = try await self.tenderWithABid(bed)
            let path = "/notifications?tenderId=\(tender)"
            // Another body's agent, and a company: 403 naming the field and the rule, no listing.
            let otherBody = try await bed.token("agent-besancon", roles: ["buyer"], siren: "212500565")
            let company = try await bed.token("btp", email: "contact@btp.example", roles: ["company"], siret: "55208131700018")
            for token in [otherBody, company] {
                let refused = try await http.request("GET", path, token: token)
                #expect(refused.status == 403)
                #expect(refused.problem["field"] == "tenderId")
                #expect(refused.problem["rule"]?.contains("buyer SIREN") == true)
                #expect(!refused.body.contains(Self.bidder))
            }
            // The buyer's agents, by SIREN claim or by their establishment's SIRET, and operators.
            let agent = try await bed.token("agent-dijon", roles: ["buyer"], siren: Self.buyerSIREN)
            let establishment = try await bed.token("agent-dijon-2", roles: ["buyer"], siret: "21210231300013")
            let operatorToken = try await bed.token("ops", roles: ["operator"])
            for token in [agent, establishment, operatorToken] {
                let answer = try await http.request("GET", path, token: token)
                #expect(answer.status == 200)
                let list = try answer.json([NotificationStatus].self)
                #expect(list.map(\.template) == ["bid-receipt"])
                #expect(list.first?.recipient == Self.bidder)
            }
            // A tender whose buyer is unknown here (never published): operators only.
            let unknown = try await http.request("GET", "/notifications?tenderId=\(Fixtures.id())", token: agent)
            #expect(unknown.status == 403)
            #expect(try await http.request("GET", "/notifications?tenderId=\(Fixtures.id())", token: operatorToken).status == 200)
        }
    }

    @Test func aRecipientSeesItsOwnNoticesOnly() async throws {
        try await withTestBed { bed in
            let http = try await bed.http()
            let (tender, notice) = try await self.tenderWithABid(bed)
            let paul = try await bed.token("paul", email: "Paul@BTP.example", roles: ["company"], siret: "55208131700018")
            let jeanne = try await bed.token("jeanne", email: "jeanne@btp.example", roles: ["company"], siret: "55208131700018")
            // By recipient: the recipient itself (case-insensitive), not someone else.
            let own = try await http.request("GET", "/notifications?recipient=\(Self.bidder)", token: paul)
            #expect(own.status == 200)
            #expect(try own.json([NotificationStatus].self).map(\.id) == [notice])
            let other = try await http.request("GET", "/notifications?recipient=\(Self.bidder)", token: jeanne)
            #expect(other.status == 403)
            #expect(other.problem["field"] == "recipient")
            // Its own notices on a tender: allowed, narrowed to its address.
            let narrowed = try await http.request("GET", "/notifications?tenderId=\(tender)&recipient=jeanne@btp.example", token: jeanne)
            #expect(narrowed.status == 200)
            #expect(try narrowed.json([NotificationStatus].self).isEmpty)
        }
    }

    @Test func oneNoticeIsForItsRecipientTheBuyersAgentsAndOperatorsElseTheSame404() async throws {
        try await withTestBed { bed in
            let http = try await bed.http()
            let (_, notice) = try await self.tenderWithABid(bed)
            let paul = try await bed.token("paul", email: Self.bidder)
            let agent = try await bed.token("agent-dijon", roles: ["buyer"], siren: Self.buyerSIREN)
            let operatorToken = try await bed.token("ops", roles: ["operator"])
            for token in [paul, agent, operatorToken] {
                let answer = try await http.request("GET", "/notifications/\(notice)", token: token)
                #expect(answer.status == 200)
                #expect(try answer.json(NotificationStatus.self).template == "bid-receipt")
            }
            // Someone else's notice and a missing one answer alike: no probing.
            let jeanne = try await bed.token("jeanne", email: "jeanne@btp.example")
            let otherBody = try await bed.token("agent-besancon", roles: ["buyer"], siren: "212500565")
            let missing = try await http.request("GET", "/notifications/\(Fixtures.id())", token: jeanne)
            #expect(missing.status == 404)
            for token in [jeanne, otherBody] {
                let hidden = try await http.request("GET", "/notifications/\(notice)", token: token)
                #expect(hidden.status == 404)
                #expect(hidden.problem["code"] == missing.problem["code"])
                #expect(hidden.problem["field"] == "id")
                #expect(hidden.problem["rule"] == missing.problem["rule"])
                #expect(hidden.problem["detail"] == missing.problem["detail"])
                #expect(!hidden.body.contains(Self.bidder))
            }
        }
    }

    @Test func anAddresssSubscriptionsAreForItsOwnerAndOperators() async throws {
        try await withTestBed { bed in
            let http = try await bed.http()
            let owner = try await bed.token("veille", email: "veille@btp.example")
            #expect(try await http.request("POST", "/subscriptions", body: #"{"email":"veille@btp.example"}"#, token: owner).status == 201)
            let path = "/subscriptions?email=Veille@BTP.example"
            let stranger = try await bed.token("curieux", email: "curieux@example.org")
            let refused = try await http.request("GET", path, token: stranger)
            #expect(refused.status == 403)
            #expect(refused.problem["field"] == "email")
            #expect(refused.problem["rule"] == "the token's e-mail is this address, or operators")
            #expect(!refused.body.contains("veille@btp.example"))
            for token in [owner, try await bed.token("ops", roles: ["operator"])] {
                let answer = try await http.request("GET", path, token: token)
                #expect(answer.status == 200)
                let list = try answer.json([Subscription].self)
                #expect(list.map(\.email) == ["veille@btp.example"])
                #expect(list.first?.state == "active")
            }
            let missing = try await http.request("GET", "/subscriptions", token: owner)
            #expect(missing.status == 400)
            #expect(missing.problem["field"] == "email")
        }
    }

    @Test func theRouteTableDeclaresEveryRouteWithItsRule() async throws {
        try await withTestBed { bed in
            let table = try bed.host.routeTable()
            func rule(_ method: String, _ path: String) -> ServiceRoutes.Declaration? {
                table.first { $0.method == method && $0.path == path }
            }
            for (method, path) in [("GET", "/subscriptions"), ("GET", "/notifications"), ("GET", "/notifications/{id}")] {
                #expect(rule(method, path)?.authentication == .required, "\(method) \(path)")
            }
            #expect(rule("POST", "/subscriptions")?.authentication == .optional)
            #expect(rule("POST", "/subscriptions")?.rateLimited == true)
            #expect(rule("POST", "/subscriptions")?.bodyLimit == 64 * 1024)
            for (method, path) in [
                ("GET", "/subscriptions/confirm/{token}"), ("POST", "/subscriptions/confirm/{token}"), ("GET", "/u/{token}"),
                ("POST", "/u/{token}"),
            ] {
                let declared = rule(method, path)
                #expect(declared?.authentication == .anonymous, "\(method) \(path)")
                #expect(declared?.rateLimited == true, "\(method) \(path)")
                #expect(declared?.bodyLimit == 4096, "\(method) \(path)")
            }
            #expect(table.allSatisfy { !$0.who.isEmpty && !$0.sees.isEmpty })
            if ProcessInfo.processInfo.environment["PASSERELLE_PRINT_ROUTES"] == "1" {
                for entry in table {
                    print("| \(entry.method) | `\(entry.path)` | \(entry.authentication.rawValue) | \(entry.who) | \(entry.sees) |")
                }
            }
        }
    }
}
