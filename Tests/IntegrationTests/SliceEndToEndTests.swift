import ContractMessaging
import Foundation
import Logging
import Messaging
import ProcurementContracts
import ProcurementDomain
import ProcurementService
import ServiceRuntime
import ServiceRuntimeTesting
import ArgumentParser
import Storage
import Testing

@testable import PasserelleCLI

extension AMQPIntegration {
    /// The first vertical slice through RabbitMQ, PostgreSQL and SMTP: the demo's story, then the e-mails
    /// the SMTP server really received.
    @Suite(.timeLimit(.minutes(4)))
    struct SliceEndToEndTests {
        static let watcher = DemoCast.watcher.email
        static let numerique = DemoCast.numerique.email
        static let btp = DemoCast.btp.email
        static let routes = DemoCast.routes.email

        @Test func aTenderLifecycleSendsTheRightMails() async throws {
            try await withSliceTestBed("e2e") { bed in
                let procurement = try await bed.procurement()
                let notifications = try await bed.notifications()
                let report = try await bed.demo(procurement: procurement, notifications: notifications, biddingSeconds: 8).run()

                // Refusals, with their rules.
                let codes = report.refusals.map(\.code)
                #expect(codes.contains("deadlineTooShort"))
                #expect(codes.contains("amendmentNeedsExtension"))
                #expect(codes.contains("notAuthorised"))
                #expect(report.refusals.first { $0.code == "deadlineTooShort" }?.rule == "R2161-2")

                // 16 notices: 2 alerts, 4 receipts, 3 answers, 3 amendments, 1 rejection, 2 awards, 1 cancellation.
                #expect(try await eventually(timeout: .seconds(60)) { try bed.sink.messages().count >= 16 })
                try await Task.sleep(for: .seconds(1))
                let mails = try bed.sink.messages()
                #expect(mails.count == 16)
                #expect(Set(mails.map(\.messageID)).count == mails.count)
                func to(_ address: String) -> [SliceSMTPSink.Mail] { mails.filter { $0.recipients == [address] } }
                #expect(to(Self.watcher).count == 1)
                #expect(to(Self.numerique).count == 3)
                #expect(to(Self.btp).count == 6)
                #expect(to(Self.routes).count == 6)

                // The optional alerts, and only they, carry the RFC 8058 headers.
                let alerts = mails.filter { $0.subject.hasPrefix("Nouvelle consultation") }
                #expect(Set(alerts.flatMap(\.recipients)) == [Self.watcher, Self.numerique])
                for alert in alerts {
                    #expect(alert.hasHeader("List-Unsubscribe"))
                    #expect(alert.raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
                }
                for mail in mails where !mail.subject.hasPrefix("Nouvelle consultation") {
                    #expect(!mail.hasHeader("List-Unsubscribe"), "mandatory notice \(mail.subject) must not be unsubscribable")
                    #expect(!mail.hasHeader("List-Unsubscribe-Post"))
                }

                // The mandatory ones are there: answer and amendment to the three identified downloaders, the
                // rejection letter to the runner-up, the cancellation to the downloader, receipts to depositors.
                for address in [Self.btp, Self.numerique, Self.routes] {
                    #expect(to(address).contains { $0.subject.hasPrefix("Réponse à une question") })
                    #expect(to(address).contains { $0.subject.hasPrefix("Modification du dossier") })
                }
                #expect(to(Self.btp).contains { $0.subject.hasPrefix("Rejet de votre offre — lot 1") })
                #expect(to(Self.routes).contains { $0.subject.hasPrefix("Consultation déclarée sans suite") })
                #expect(to(Self.btp).filter { $0.subject.hasPrefix("Accusé de réception") }.count == 2)
                #expect(to(Self.routes).filter { $0.subject.hasPrefix("Accusé de réception") }.count == 2)

                // Procurement's side: the late deposit is kept and never opened; the superseded one stays sealed.
                let works = report.adaptedTenderId
                #expect(try await bed.count("SELECT count(*) FROM procurement.bids WHERE tender_id = '\(works)' AND status = 'opened'") == 2)
                #expect(try await bed.count("SELECT count(*) FROM procurement.bids WHERE tender_id = '\(works)' AND status = 'late'") == 1)
                #expect(try await bed.count("SELECT count(*) FROM procurement.bids WHERE bid_id = '\(report.bids["btp-1"]!)' AND status = 'superseded'") == 1)
                #expect(try await bed.count("SELECT count(*) FROM procurement.contracts WHERE contract_id = '\(report.contractId)'") == 1)
                #expect(try await bed.count("SELECT count(*) FROM procurement.audit WHERE action = 'procurement.bids.open.v1' AND outcome = 'refused'") == 1)
                // The standstill clock started at the letter's real send time, reported back by notifications.
                #expect(try await eventually {
                    try await bed.count("SELECT count(*) FROM procurement.awards WHERE award_id = '\(report.awardLot1)' AND letters_sent_at IS NOT NULL") == 1
                })

                // The OCDS record: tender, tenderAmendment (the Région), award and contract (Dijon).
                let port = try await procurement.host.httpPort()
                let ocds = try await ServiceHTTP.request("GET", "http://127.0.0.1:\(port)/tenders/\(works)/ocds")
                #expect(ocds.status == 200)
                for tag in ["\"tender\"", "\"award\"", "\"contract\"", "\"ocid\" : \"ocds-passerelle-\(works)\""] {
                    #expect(ocds.text.contains(tag), "OCDS record lacks \(tag)")
                }
                let regionOCDS = try await ServiceHTTP.request("GET", "http://127.0.0.1:\(port)/tenders/\(report.formalisedTenderId)/ocds")
                #expect(regionOCDS.text.contains("\"tenderAmendment\""))

                // No bid plaintext anywhere in procurement's tables: every text and bytea column, every row.
                for marker in ["Offre BTP Bourgogne, version 1", "Offre Routes et Réseaux de Saône", "Offre tardive"] {
                    #expect(try await Self.plaintextCount(marker, in: bed) == 0, "found \(marker) in the database")
                }
                // The search itself works: text that is stored in clear is found.
                #expect(try await Self.plaintextCount("Réfection de voiries communales", in: bed) > 0)
                #expect(try await Self.plaintextCount("CCTP v2 — inventaire corrigé", in: bed) > 0)
                try await notifications.stop()
                try await procurement.stop()
            }
        }

        /// Searches every text, json and bytea column of every table of the procurement schema.
        static func plaintextCount(_ marker: String, in bed: SliceTestBed) async throws -> Int {
            let columns = try await bed.query(
                """
                SELECT table_name, column_name, data_type FROM information_schema.columns
                WHERE table_schema = 'procurement' AND data_type IN ('text', 'jsonb', 'json', 'bytea', 'ARRAY')
                """)
            var found = 0
            let hex = Data(marker.utf8).map { String(format: "%02x", $0) }.joined()
            for row in columns {
                let (table, column, type) = try row.decode((String, String, String).self)
                let predicate =
                    type == "bytea"
                    ? "position('\\x\(hex)'::bytea in \"\(column)\") > 0"
                    : "\"\(column)\"::text LIKE '%\(marker.replacingOccurrences(of: "'", with: "''"))%'"
                found += try await bed.count("SELECT count(*) FROM procurement.\"\(table)\" WHERE \(predicate)")
            }
            return found
        }

        @Test func aRedeliveredEventSendsNoSecondMail() async throws {
            try await withSliceTestBed("redelivery") { bed in
                let notifications = try await bed.notifications()
                let event: [String: Any] = [
                    "bidId": UUID().uuidString.lowercased(), "tenderId": UUID().uuidString.lowercased(), "lotNumbers": [1],
                    "bidderSiret": "55208131700018", "receivedAt": "2026-11-29T10:00:00.000Z",
                    "contentSha256": String(repeating: "ab", count: 32), "sizeBytes": 10, "late": false,
                    "depositor": ["contactName": "Claire Bernard", "email": "claire@redelivery.example"],
                ]
                let id = UUID().uuidString.lowercased()
                try await bed.publish("procurement.bid.received.v1", event, id: id)
                #expect(try await eventually { try bed.sink.messages().count == 1 })
                // The same event again (a broker redelivery carries the same id), twice.
                try await bed.publish("procurement.bid.received.v1", event, id: id)
                try await bed.publish("procurement.bid.received.v1", event, id: id)
                try await Task.sleep(for: .seconds(3))
                #expect(try bed.sink.messages().count == 1)
                #expect(try await bed.count("SELECT count(*) FROM notifications.inbox") == 1)
                try await notifications.stop()
            }
        }

        @Test func theSMTPServerDownForThirtySecondsLosesAndRepeatsNothing() async throws {
            try await withSliceTestBed("smtp-down") { bed in
                let notifications = try await bed.notifications()
                bed.sink.stop()
                let addresses = (1...5).map { "depositor\($0)@outage.example" }
                for address in addresses {
                    try await bed.publish(
                        "procurement.bid.received.v1",
                        [
                            "bidId": UUID().uuidString.lowercased(), "tenderId": UUID().uuidString.lowercased(),
                            "lotNumbers": [1], "bidderSiret": "73282932000074", "receivedAt": "2026-11-29T10:00:00.000Z",
                            "contentSha256": String(repeating: "cd", count: 32), "late": false,
                            "depositor": ["contactName": "Marc", "email": address],
                        ], id: UUID().uuidString.lowercased())
                }
                // While the server is down the notices wait (soft bounces), none is given up.
                try await Task.sleep(for: .seconds(30))
                #expect(try bed.sink.messages().isEmpty)
                #expect(try await bed.count("SELECT count(*) FROM notifications.notifications WHERE status IN ('failed', 'hardBounced')") == 0)
                try bed.sink.launch()
                #expect(try await eventually(timeout: .seconds(60)) { try bed.sink.messages().count >= 5 })
                try await Task.sleep(for: .seconds(3))
                let mails = try bed.sink.messages()
                #expect(mails.count == 5)
                #expect(Set(mails.flatMap(\.recipients)) == Set(addresses))
                try await notifications.stop()
            }
        }
    }
}

extension AMQPIntegration.SliceEndToEndTests {
    /// A formalised procedure on the real servers, with procurement's clock moved forward: closing by the
    /// timer, the rejection letter's send time reported by notifications, signature refused on day 10 of
    /// the standstill and accepted after day 11.
    @Test func aFormalisedAwardWaitsElevenDaysAfterTheLetters() async throws {
        try await withSliceTestBed("standstill") { bed in
            let clock = ProcurementClock()
            let procurement = try await bed.procurement(clock: clock)
            let notifications = try await bed.notifications()
            let base = "http://127.0.0.1:\(try await procurement.host.httpPort())"
            let identity = DemoIdentity(provider: bed.identity)
            let http = DemoHTTP(
                procurement: base, notifications: "http://127.0.0.1:\(try await notifications.host.httpPort())",
                operatorToken: try await identity.operatorToken())
            let opener = try await identity.agent("opener", of: DemoCast.region, roles: ["opener"])
            var logger = Logger(label: "slice")
            logger.logLevel = .warning
            let connection = try await AMQPConnection.connect(try bed.topologyBed.amqp("standstill"), logger: logger)
            defer { Task { await connection.close() } }
            let send = DemoSender(publisher: TypedPublisher(publisher: try await connection.makePublisher(), catalog: bed.catalog, source: "/test"))
            let tender = UUID().uuidString.lowercased()
            let minimum = DeadlineCalculator().minimumDeadline(procedure: .open, sentOn: CalendarDate(Date()))!.earliestDate
            let deadline = minimum.adding(days: 1).start().addingTimeInterval(12 * 3600)
            let portal = "portal:test"
            try await send.send(TenderPublish(
                tenderId: tender, reference: "T-STANDSTILL", title: "Maintenance informatique", buyerSiret: DemoCast.region.siret,
                buyerKind: .local, nature: .services, procedure: .open, mainCpv: "72000000", estimatedValueHtCents: 30_000_000,
                lots: [.init(lotNumber: 1, title: "Lot unique")], tenderDeadline: deadline,
                dceFiles: try DemoClaims(directory: bed.claims).dce("t", "Maintenance", kinds: [(.rc, "RC.pdf")]),
                requestedBy: .init(userId: portal)))
            try await http.waitForStatus(tender, "published")
            let winner = try await http.deposit(
                tender, DemoCast.routes, token: try await identity.company(DemoCast.routes), lots: [1], content: "offre gagnante")
            let loser = try await http.deposit(
                tender, DemoCast.btp, token: try await identity.company(DemoCast.btp), lots: [1], content: "offre perdante")

            // 31 days later for procurement; the outbox's scheduled timer row is made due as well.
            clock.advance(by: deadline.timeIntervalSinceNow + 3600)
            _ = try await bed.query("UPDATE procurement.outbox SET deliver_at = now() WHERE sent_at IS NULL AND message_type = 'procurement.timer.fired.v1'")
            try await http.waitForStatus(tender, "closed")
            try await send.send(
                BidsOpen(tenderId: tender, openingId: UUID().uuidString.lowercased(), requestedBy: .init(userId: "opener", role: .opener)),
                actor: opener)
            try await http.waitForStatus(tender, "evaluation")
            let award = UUID().uuidString.lowercased()
            try await send.send(AwardDecide(
                tenderId: tender, lotNumber: 1, awardId: award, awardeeBidId: winner, amountHtCents: 29_000_000,
                awardReasons: "Meilleur rapport qualité-prix.", rejectedBids: [.init(bidId: loser, reasons: "Prix plus élevé.")],
                requestedBy: .init(userId: portal)))
            try await http.waitForStatus(tender, "standstill")
            #expect(try await eventually(timeout: .seconds(60)) {
                try await bed.count("SELECT count(*) FROM procurement.awards WHERE award_id = '\(award)' AND letters_sent_at IS NOT NULL") == 1
            })
            #expect(try bed.sink.messages().contains { $0.recipients == [DemoCast.btp.email] && $0.subject.hasPrefix("Rejet") })

            let piece = try DemoClaims(directory: bed.claims).file("AE.pdf", "AE signé")
            func sign() async throws -> String {
                let id = UUID().uuidString.lowercased()
                try await send.send(ContractSign(
                    tenderId: tender, contractId: id, awardId: award, reference: "M2026TEST", durationMonths: 24,
                    pieces: [.init(kind: .acteEngagement, file: piece)], requestedBy: .init(userId: portal)))
                return id
            }
            clock.advance(by: 10 * 86_400)
            _ = try await sign()
            #expect(try await eventually {
                try await bed.count("SELECT count(*) FROM procurement.audit WHERE action = 'procurement.contract.sign.v1' AND detail LIKE 'standstillNotOver%R2182-1%'") == 1
            })
            #expect(try await bed.count("SELECT count(*) FROM procurement.contracts") == 0)
            clock.advance(by: 2 * 86_400)
            let contract = try await sign()
            try await http.waitForHistory(tender, "contractSigned")
            #expect(try await bed.count("SELECT count(*) FROM procurement.contracts WHERE contract_id = '\(contract)'") == 1)
            try await notifications.stop()
            try await procurement.stop()
        }
    }
}

extension AMQPIntegration.SliceEndToEndTests {
    /// `passerelle send`: a valid command is published with a confirm and lands in the owner's queue; an
    /// invalid one is refused before anything is sent (exit 1).
    @Test func sendValidatesThenPublishesWithAConfirm() async throws {
        try await withSliceTestBed("send") { bed in
            let valid = bed.claims.appendingPathComponent("cancel.json")
            let invalid = bed.claims.appendingPathComponent("bad.json")
            try FileManager.default.createDirectory(at: bed.claims, withIntermediateDirectories: true)
            let id = UUID().uuidString.lowercased()
            try Data(
                #"{"tenderId":"\#(UUID().uuidString.lowercased())","reason":"other","reasonText":"test","requestedBy":{"userId":"cli"}}"#.utf8
            ).write(to: valid)
            try Data(#"{"tenderId":"x","reason":"nope"}"#.utf8).write(to: invalid)
            let common = ["--amqp-url", IntegrationEnvironment.amqpURL, "--vhost", bed.topologyBed.vhost, "--contracts", TopologyTestBed.contractsURL.path]
            let refused = try Passerelle.Send.parse(["procurement.tender.cancel.v1", "--file", invalid.path] + common)
            await #expect(throws: ExitCode.failure) { try await refused.run() }
            let send = try Passerelle.Send.parse(["procurement.tender.cancel.v1", "--file", valid.path, "--id", id] + common)
            try await send.run()
            let ids = try await drainMessages("procurement.portal-commands", expecting: 1, configuration: try bed.topologyBed.amqp("drain"))
            #expect(ids == [id])
        }
    }
}

extension AMQPIntegration.SliceEndToEndTests {
    /// The closing timer is durable: procurement stopped before the deadline closes the tender when it
    /// starts again; an opening before the deadline is refused with the rule.
    @Test func theClosingTimerSurvivesARestart() async throws {
        try await withSliceTestBed("timer") { bed in
            var procurement = try await bed.procurement()
            let base = { "http://127.0.0.1:\(try await procurement.host.httpPort())" }
            var logger = Logger(label: "slice")
            logger.logLevel = .warning
            let connection = try await AMQPConnection.connect(try bed.topologyBed.amqp("timer"), logger: logger)
            defer { Task { await connection.close() } }
            let send = DemoSender(publisher: TypedPublisher(publisher: try await connection.makePublisher(), catalog: bed.catalog, source: "/test"))
            let tender = UUID().uuidString.lowercased()
            try await send.send(TenderPublish(
                tenderId: tender, reference: "T-TIMER", title: "Fournitures de bureau", buyerSiret: DemoCast.dijon.siret,
                buyerKind: .local, nature: .supplies, procedure: .adapted, mainCpv: "30200000", estimatedValueHtCents: 5_000_000,
                lots: [.init(lotNumber: 1, title: "Lot unique")], tenderDeadline: Date().addingTimeInterval(6),
                dceFiles: try DemoClaims(directory: bed.claims).dce("t", "Fournitures", kinds: [(.rc, "RC.pdf")]),
                requestedBy: .init(userId: "portal:test")))
            let identity = DemoIdentity(provider: bed.identity)
            try await DemoHTTP(procurement: try await base(), notifications: "", operatorToken: try await identity.operatorToken())
                .waitForStatus(tender, "published")
            try await send.send(
                BidsOpen(tenderId: tender, openingId: UUID().uuidString.lowercased(), requestedBy: .init(userId: "opener", role: .opener)),
                actor: try await identity.agent("opener", of: DemoCast.dijon, roles: ["opener"]))
            #expect(try await eventually {
                try await bed.count("SELECT count(*) FROM procurement.audit WHERE detail LIKE 'deadlineNotReached%'") == 1
            })
            try await procurement.stop()
            try await Task.sleep(for: .seconds(8))
            #expect(try await bed.count("SELECT count(*) FROM procurement.tenders WHERE status = 'published'") == 1)
            procurement = try await bed.procurement()
            try await DemoHTTP(procurement: try await base(), notifications: "", operatorToken: try await identity.operatorToken())
                .waitForStatus(tender, "closed")
            #expect(try await bed.count("SELECT count(*) FROM procurement.timers WHERE state = 'fired'") == 1)
            try await procurement.stop()
        }
    }

    /// A 5xx from the real SMTP server: the notice is marked hard-bounced, the address suppressed for
    /// optional mail and `notifications.notice.bounced.v1` published; nothing is retried.
    @Test func aHardBounceIsRecordedAndNotRetried() async throws {
        try await withSliceTestBed("bounce") { bed in
            let notifications = try await bed.notifications()
            try await bed.publish(
                "procurement.bid.received.v1",
                [
                    "bidId": UUID().uuidString.lowercased(), "tenderId": UUID().uuidString.lowercased(), "lotNumbers": [1],
                    "bidderSiret": "73282932000074", "receivedAt": "2026-11-29T10:00:00.000Z",
                    "contentSha256": String(repeating: "ef", count: 32), "late": false,
                    "depositor": ["contactName": "Marc", "email": "bounce-marc@outage.example"],
                ], id: UUID().uuidString.lowercased())
            #expect(try await eventually {
                try await bed.count("SELECT count(*) FROM notifications.notifications WHERE status = 'hardBounced'") == 1
            })
            #expect(try await bed.count("SELECT count(*) FROM notifications.suppressions WHERE email = 'bounce-marc@outage.example'") == 1)
            #expect(try await eventually {
                try await bed.count("SELECT count(*) FROM notifications.outbox WHERE message_type = 'notifications.notice.bounced.v1' AND sent_at IS NOT NULL") == 1
            })
            try await Task.sleep(for: .seconds(3))
            #expect(try await bed.count("SELECT attempts::int8 FROM notifications.notifications") == 1)
            #expect(try bed.sink.messages().isEmpty)
            try await notifications.stop()
        }
    }
}
