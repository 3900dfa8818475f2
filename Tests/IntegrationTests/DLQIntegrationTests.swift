import ArgumentParser
import ContractMessaging
import Foundation
import Messaging
import PasserelleOps
import ServiceRuntime
import Storage
import Testing
import Topology

@testable import PasserelleCLI

extension AMQPIntegration {
    /// `passerelle dlq` on the real broker and database: sync, list, replay (plain, refused, edited, paced)
    /// and purge. Each test has its own vhost and its own database.
    @Suite(.timeLimit(.minutes(3)))
    struct DLQIntegrationTests {
        static let queue = DLQTestBed.queue

        @Test func syncAcknowledgesARuntimeCopyWithoutASecondRow() async throws {
            try await withDLQTestBed("dlq-sync") { bed in
                let id = try await bed.parkLikeTheRuntime(messageID: "m-runtime")
                #expect(try await eventually { try await bed.count(Self.queue + ".dlq") == 1 })

                try await DLQSyncCommand.parse(bed.common).run()

                #expect(try await bed.count(Self.queue + ".dlq") == 0)
                let rows = try await bed.store().list(ParkedStore.Filter(status: nil))
                #expect(rows.map(\.id) == [id])
                #expect(try await bed.store().history(of: try #require(rows.first)).map(\.action) == ["parked"])
            }
        }

        @Test func syncStoresAMessageTheBrokerDeadLetteredAtTheDeliveryLimit() async throws {
            try await withDLQTestBed("dlq-limit", settings: "services:\n  notifications: {deliveryLimit: 1}\n") { bed in
                try await withConnection("publish", configuration: try bed.topology.amqp("p", as: "procurement")) {
                    connection in
                    let publisher = try await connection.makePublisher()
                    _ = try await publisher.publish(
                        AMQPOutboundMessage(
                            exchange: DLQTestBed.exchange, routingKey: DLQTestBed.type, body: DLQTestBed.body(),
                            properties: DLQTestBed.properties(id: "m-limit")))
                }
                try await withConnection("requeue", configuration: try bed.topology.amqp("r", as: "notifications")) {
                    connection in
                    let consumer = try await connection.consume(queue: Self.queue, prefetch: 1)
                    var iterator = consumer.makeAsyncIterator()
                    for _ in 0..<2 {
                        let delivery = try #require(try await iterator.next())
                        try delivery.nack(requeue: true)
                    }
                    await consumer.cancel()
                }
                #expect(try await eventually { try await bed.count(Self.queue + ".dlq") == 1 })

                try await DLQSyncCommand.parse(bed.common).run()

                #expect(try await bed.count(Self.queue + ".dlq") == 0)
                let row = try #require(try await bed.store().list(ParkedStore.Filter()).first)
                #expect(row.reason == "delivery-limit")
                #expect(row.messageID == "m-limit")
                #expect(row.messageType == DLQTestBed.type)
                #expect(row.originalExchange == DLQTestBed.exchange)
                #expect(row.originalRoutingKey == DLQTestBed.type)
                #expect(row.error.contains("delivery limit"), "\(row.error)")
                #expect(row.attempts == 2, "\(row.error) \(row.propertiesJSON)")
                #expect(row.propertiesJSON.contains("x-death"))
                let history = try await bed.store().history(of: row)
                #expect(history.map(\.action) == ["parked"])
                #expect(history.first?.actor.hasPrefix("dlq-sync:") == true)
            }
        }

        @Test func listFiltersByServiceTypeAndSince() async throws {
            try await withDLQTestBed("dlq-list") { bed in
                let old = try await bed.parkLikeTheRuntime(
                    messageID: "m-old", parkedAt: Date().addingTimeInterval(-3 * 3600))
                let recent = try await bed.parkLikeTheRuntime(messageID: "m-recent")
                let other = try await bed.parkLikeTheRuntime(
                    messageID: "m-other", type: "procurement.tender.cancelled.v1")
                try await DLQListCommand.parse(bed.common + ["--json"]).run()  // syncs: the copies are acked

                let store = try await bed.store()
                #expect(try await store.list(ParkedStore.Filter()).map(\.id) == [old, recent, other])
                let since = try #require(DLQTimeBound(argument: "2h")).date()
                #expect(try await store.list(ParkedStore.Filter(since: since)).map(\.id) == [recent, other])
                #expect(
                    try await store.list(ParkedStore.Filter(type: DLQTestBed.type, since: since)).map(\.id) == [recent])
                #expect(try await store.list(ParkedStore.Filter(), service: "procurement").isEmpty)
                #expect(try await bed.count(Self.queue + ".dlq") == 0)

                let filtered = ["--service", "notifications", "--type", DLQTestBed.type, "--since", "2h"]
                try await DLQListCommand.parse(bed.common + filtered).run()
                await #expect(throws: ArgumentParser.ValidationError.self) {
                    try await DLQListCommand.parse(bed.common + ["--service", "nope"]).run()
                }
            }
        }

        @Test func replayByIDPublishesToTheOriginalDestinationAndRecordsTheActor() async throws {
            try await withDLQTestBed("dlq-replay") { bed in
                let id = try await bed.parkLikeTheRuntime(messageID: "m-replay")
                setenv("PASSERELLE_ACTOR", "ops-test", 1)
                defer { unsetenv("PASSERELLE_ACTOR") }

                try await DLQReplayCommand.parse(bed.common + [id.uuidString]).run()

                let delivery = try #require(try await receiveOne(Self.queue, configuration: try bed.topology.amqp("r")))
                #expect(delivery.body == DLQTestBed.body())
                #expect(delivery.properties.messageID == "m-replay")
                #expect(delivery.routingKey == DLQTestBed.type)
                #expect(delivery.exchange == DLQTestBed.exchange)
                for header in RuntimeHeaders.diagnostics {
                    #expect(delivery.headers[header] == nil, "\(header) is still there")
                }
                #expect(delivery.headers[RuntimeHeaders.replayedFrom]?.stringValue == id.uuidString.lowercased())
                #expect(delivery.headers["cloudEvents_id"]?.stringValue == "m-replay")

                let row = try #require(try await bed.store().find(id))
                #expect(row.status == "replayed")
                let history = try await bed.store().history(of: row)
                #expect(history.map(\.action) == ["parked", "replayed"])
                #expect(history.last?.actor == "ops-test")
                #expect(history.last?.detail == "\(DLQTestBed.exchange) / \(DLQTestBed.type)")

                let again = try await exitStatus {
                    try await DLQReplayCommand.parse(bed.common + [id.uuidString]).run()
                }
                #expect(again == 1)
                let unknown = try await exitStatus {
                    try await DLQShowCommand.parse(bed.common + [UUID().uuidString]).run()
                }
                #expect(unknown == 1)
                try await DLQShowCommand.parse(bed.common + [id.uuidString]).run()
            }
        }

        @Test func replayRefusesABodyTheContractNoLongerAccepts() async throws {
            try await withDLQTestBed("dlq-refuse") { bed in
                let id = try await bed.parkLikeTheRuntime(
                    messageID: "m-bad", body: DLQTestBed.body(dceVersion: 0), reason: "invalid")
                let status = try await exitStatus {
                    try await DLQReplayCommand.parse(bed.common + ["--all", "--json"]).run()
                }
                #expect(status == 1)
                #expect(try await bed.store().find(id)?.status == "parked")
                #expect(try await bed.count(Self.queue) == 0)
                let message = try #require(try await bed.store().find(id))
                let catalog = try MessageCatalog.load(contracts: TopologyTestBed.contractsURL)
                let refusal = #expect(throws: ReplayMessage.Refusal.self) {
                    try ReplayMessage.validate(Array(message.body), type: message.messageType, catalog: catalog)
                }
                #expect(refusal?.description.contains("/dceVersion") == true, "\(String(describing: refusal))")
                #expect(refusal?.description.contains("minimum") == true, "\(String(describing: refusal))")
            }
        }

        @Test func editRewritesValidatesAndReplaysTheBody() async throws {
            try await withDLQTestBed("dlq-edit") { bed in
                let id = try await bed.parkLikeTheRuntime(messageID: "m-edit", body: DLQTestBed.body(dceVersion: 0))
                let script = FileManager.default.temporaryDirectory.appendingPathComponent("edit-\(UUID()).sh")
                try Data("#!/bin/sh\nsed -i 's/\"dceVersion\": *0/\"dceVersion\": 7/' \"$1\"\n".utf8).write(to: script)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
                defer { try? FileManager.default.removeItem(at: script) }
                setenv("EDITOR", script.path, 1)
                defer { unsetenv("EDITOR") }

                try await DLQReplayCommand.parse(bed.common + [id.uuidString, "--edit"]).run()

                let delivery = try #require(try await receiveOne(Self.queue, configuration: try bed.topology.amqp("r")))
                #expect(delivery.body == DLQTestBed.body(dceVersion: 7))
                let row = try #require(try await bed.store().find(id))
                #expect(row.status == "replayed")
                #expect(Array(row.body) == DLQTestBed.body(dceVersion: 0))  // the original stays, for the audit
                let history = try await bed.store().history(of: row)
                #expect(history.map(\.action) == ["parked", "edited", "replayed"])
                let edited = try #require(history.first { $0.action == "edited" }?.detail)
                #expect(edited.hasPrefix("sha256 ") && edited.contains(" -> "))
            }
        }

        @Test func purgeNeedsYesThenMarksPurgedAndKeepsTheRow() async throws {
            try await withDLQTestBed("dlq-purge") { bed in
                let id = try await bed.parkLikeTheRuntime(messageID: "m-purge")
                #expect(throws: (any Error).self) { try DLQPurgeCommand.parse(bed.common + [id.uuidString]) }

                try await DLQPurgeCommand.parse(bed.common + [id.uuidString, "--yes"]).run()

                let row = try #require(try await bed.store().find(id))
                #expect(row.status == "purged")
                let history = try await bed.store().history(of: row)
                #expect(history.map(\.action) == ["parked", "purged"])
                #expect(try await bed.store().list(ParkedStore.Filter()).isEmpty)
                #expect(try await bed.store().list(ParkedStore.Filter(status: "purged")).map(\.id) == [id])
            }
        }

        @Test func replayRateSpacesThePublishes() async throws {
            try await withDLQTestBed("dlq-rate") { bed in
                for index in 0..<10 {
                    try await bed.parkLikeTheRuntime(
                        messageID: "m-rate-\(index)", body: DLQTestBed.body(download: Self.download(index)))
                }
                let start = ContinuousClock.now
                try await DLQReplayCommand.parse(bed.common + ["--all", "--rate", "20", "--no-sync"]).run()
                let elapsed = ContinuousClock.now - start
                #expect(elapsed >= .milliseconds(400), "\(elapsed)")
                #expect(try await bed.store().list(ParkedStore.Filter(status: "replayed")).count == 10)
                #expect(try await eventually { try await bed.count(Self.queue) == 10 })
            }
        }

        static func download(_ index: Int) -> String {
            "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e" + String(format: "%02d", index)
        }
    }
}
