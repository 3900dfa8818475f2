import ContractMessaging
import Foundation
import Messaging
import PasserelleOps
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

extension AMQPIntegration {
    /// Messages shaped by an attacker, on the real RabbitMQ and PostgreSQL: forged attempt counts, NUL
    /// characters, an oversized body and a parking queue the broker refuses to take copies for. The runtime
    /// neither crashes, nor blocks, nor loops; every message is handled or parked, and its batch-mates flow.
    @Suite(.timeLimit(.minutes(3)))
    struct RuntimeHostileMessageTests {
        @Test func forgedAttemptCountsAreClampedAndNeitherTrapNorIndexOutOfRange() async throws {
            try await withRuntimeTestBed("attempt") { bed in
                let faults = SampleFaults()
                faults.failTransiently("max-transient", times: 100)
                // 1 try + 2 in-process retries fail, then the 1 s delay level (attempt -5 counts as 0), then success.
                faults.failTransiently("negative-transient", times: 3)
                // One message per transaction, so that each failing item counts its own tries.
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha(faults: faults)))
                let messages = [
                    try HostileMessages.attempt(
                        .int64(.max), item: ItemSubmitted(itemId: "max-ok", sequence: 1, amount: 1), catalog: bed.catalog),
                    try HostileMessages.attempt(
                        .int64(.max), item: ItemSubmitted(itemId: "max-transient", sequence: 2, amount: 1, behaviour: .failTransient),
                        catalog: bed.catalog),
                    try HostileMessages.attempt(
                        .int64(.max), item: ItemSubmitted(itemId: "max-permanent", sequence: 3, amount: 1, behaviour: .failPermanent),
                        catalog: bed.catalog),
                    try HostileMessages.attempt(
                        .int32(-5), item: ItemSubmitted(itemId: "negative-transient", sequence: 4, amount: 1, behaviour: .failTransient),
                        catalog: bed.catalog),
                    try HostileMessages.attempt(
                        .int64(.min), item: ItemSubmitted(itemId: "min-ok", sequence: 5, amount: 1), catalog: bed.catalog),
                    try HostileMessages.attempt(
                        .string("99999999999999999999999"), item: ItemSubmitted(itemId: "string-ok", sequence: 6, amount: 1),
                        catalog: bed.catalog),
                    // (A NaN float in a header makes RabbitMQ 3.10 close the publishing connection: 541.)
                    try HostileMessages.attempt(
                        .array([.double(2.5), .string("3")]), item: ItemSubmitted(itemId: "array-ok", sequence: 7, amount: 1), catalog: bed.catalog),
                ]
                try await HostileMessages.publish(messages, configuration: try bed.topologyBed.amqp("hostile"))

                #expect(try await eventually {
                    let first = try await bed.count("SELECT count(*) FROM alpha.items")
                    let second = try await bed.count("SELECT count(*) FROM alpha.parked_messages")
                    return first == 5 && second == 2
                })
                let handled = try await bed.query("SELECT item_id FROM alpha.items ORDER BY item_id")
                #expect(try handled.map { try $0.decode(String.self, at: 0) } == [
                    "array-ok", "max-ok", "min-ok", "negative-transient", "string-ok",
                ])
                // Int64.max counts as the highest attempt: a transient failure parks at once, with no overflow.
                let parked = try await bed.query(
                    "SELECT message_type, reason, attempts, error FROM alpha.parked_messages ORDER BY error")
                let rows = try parked.map { try $0.decode((String, String, Int32, String).self) }
                #expect(rows.map(\.1) == ["failed", "failed"])
                #expect(rows.allSatisfy { $0.2 == Int32(RuntimeHeaders.maxAttempt + 1) }, "\(rows)")
                #expect(rows.contains { $0.3.contains("sample permanent failure of max-permanent") })
                #expect(rows.contains { $0.3.contains("sample transient failure of max-transient") })
                // -5 counted as 0: the message went through the first delay level.
                #expect(alpha.host.metrics.exposition().contains("level=\"1s\""))
                #expect(faults.attempts("negative-transient") == 4)
                try await alpha.stop()
            }
        }

        @Test func aNULInAHeaderOrTheMessageIDIsParkedSanitisedWhileItsBatchMatesAreHandled() async throws {
            try await withRuntimeTestBed("nul") { bed in
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha()) {
                    $0.consumer.batchSize = 10
                })
                let catalog = bed.catalog
                let repeated = try HostileMessages.item(
                    ItemSubmitted(itemId: "mate-1", sequence: 1, amount: 1), catalog: catalog, id: "mate-1-id")
                let messages = [
                    repeated,
                    try HostileMessages.nulID(
                        ItemSubmitted(itemId: "nul-id", sequence: 2, amount: 1), catalog: catalog, id: "bad\u{0}id"),
                    try HostileMessages.item(ItemSubmitted(itemId: "mate-2", sequence: 3, amount: 1), catalog: catalog),
                    try HostileMessages.item(
                        ItemSubmitted(itemId: "nul-header", sequence: 4, amount: 1, behaviour: .failPermanent), catalog: catalog,
                        id: "nul-header-id"
                    ) { $0.headers["x-note"] = .string("a\u{0}b") },
                    try HostileMessages.item(
                        ItemSubmitted(itemId: "nul-subject", sequence: 5, amount: 1), catalog: catalog, id: "nul-subject-id"
                    ) { $0.headers["cloudEvents_subject"] = .string("s\u{0}") },
                    try HostileMessages.item(
                        ItemSubmitted(itemId: "harmless-nul", sequence: 6, amount: 1), catalog: catalog
                    ) { $0.headers["x-note"] = .string("\u{0}") },
                    try HostileMessages.item(ItemSubmitted(itemId: "mate-3", sequence: 7, amount: 1), catalog: catalog),
                    // The same id again in the same batch: its handler runs once.
                    repeated,
                ]
                try await HostileMessages.publish(messages, configuration: try bed.topologyBed.amqp("hostile"))

                #expect(try await eventually {
                    let first = try await bed.count("SELECT count(*) FROM alpha.items")
                    let second = try await bed.count("SELECT count(*) FROM alpha.parked_messages")
                    return first == 4 && second == 3
                })
                let handled = try await bed.query("SELECT item_id FROM alpha.items ORDER BY item_id")
                #expect(try handled.map { try $0.decode(String.self, at: 0) } == ["harmless-nul", "mate-1", "mate-2", "mate-3"])
                let parked = try await bed.query(
                    """
                    SELECT message_id, reason, parking_queue, error, properties::text FROM alpha.parked_messages
                    ORDER BY message_id
                    """)
                let rows = try parked.map { try $0.decode((String, String, String, String, String).self) }
                #expect(rows.map(\.0) == ["bad\\u0000id", "nul-header-id", "nul-subject-id"])
                let nulID = rows[0]
                #expect(nulID.1 == "invalid" && nulID.2 == "alpha.feeder-events.invalid")
                #expect(nulID.3.contains("invalid CloudEvents envelope: id contains a NUL character"), "\(nulID.3)")
                #expect(nulID.3.contains("[stored sanitised: message id: NUL escaped"), "\(nulID.3)")
                #expect(nulID.4.contains(#""messageID": "bad\\u0000id""#) || nulID.4.contains(#"bad\\\\u0000id"#), "\(nulID.4)")
                let header = rows[1]
                #expect(header.1 == "failed" && header.2 == "alpha.feeder-events.dlq")
                #expect(header.3.contains("sample permanent failure of nul-header"))
                #expect(header.3.contains("header x-note: NUL escaped"), "\(header.3)")
                #expect(header.4.contains(#"a\\u0000b"#), "\(header.4)")
                let subject = rows[2]
                #expect(subject.1 == "invalid")
                #expect(subject.3.contains("subject contains a NUL character"), "\(subject.3)")
                // The broker copies wait in the parking queues, with their row's id.
                let invalidIDs = try await drainMessages(
                    "alpha.feeder-events.invalid", expecting: 2, configuration: try bed.topologyBed.amqp("inv"))
                #expect(invalidIDs.sorted() == ["bad\u{0}id", "nul-subject-id"])
                #expect(try await drainMessages(
                    "alpha.feeder-events.dlq", expecting: 1, configuration: try bed.topologyBed.amqp("dlq")) == ["nul-header-id"])
                #expect(try await bed.count("SELECT count(*) FROM alpha.inbox") == 4)
                #expect(try await bed.count("SELECT applied::int8 FROM alpha.items WHERE item_id = 'mate-1'") == 1)
                try await alpha.stop()
            }
        }

        @Test func aBodyOverItsLimitIsParkedAsInvalidBeforeParsingAndTheNextMessageIsHandled() async throws {
            try await withRuntimeTestBed("oversize") { bed in
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha()))
                // 10 MiB that opens like a JSON object and never closes: nobody should parse it.
                let huge = Array("{\"itemId\":\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1_048_576 - 11)
                let messages = [
                    try HostileMessages.item(
                        ItemSubmitted(itemId: "huge", sequence: 1, amount: 1), catalog: bed.catalog, id: "huge-id", body: huge),
                    try HostileMessages.item(ItemSubmitted(itemId: "next", sequence: 2, amount: 1), catalog: bed.catalog),
                ]
                try await HostileMessages.publish(messages, configuration: try bed.topologyBed.amqp("hostile"))

                #expect(try await eventually {
                    let first = try await bed.count("SELECT count(*) FROM alpha.items WHERE item_id = 'next'")
                    let second = try await bed.count("SELECT count(*) FROM alpha.parked_messages")
                    return first == 1 && second == 1
                })
                let row = try #require(try await bed.query(
                    "SELECT reason, parking_queue, error, octet_length(body)::int8 FROM alpha.parked_messages").first)
                let (reason, queue, error, length) = try row.decode((String, String, String, Int64).self)
                #expect(reason == "invalid")
                #expect(queue == "alpha.feeder-events.invalid")
                #expect(error == "body is 10485760 bytes; feeder.item.submitted.v1 allows at most 1048576 (x-passerelle-max-body-bytes)")
                #expect(length == 10_485_760)
                #expect(try await eventually { try await Self.count("alpha.feeder-events.invalid", bed: bed) == 1 })
                #expect(try await drainMessages(
                    "alpha.feeder-events.invalid", expecting: 1, configuration: try bed.topologyBed.amqp("inv")) == ["huge-id"])
                #expect(alpha.host.metrics.exposition().contains("reason=\"invalid\""))
                try await alpha.stop()
            }
        }

        @Test func aParkingCopyTheBrokerRefusesHoldsOnlyItsDeliveryAndIsCounted() async throws {
            try await withRuntimeTestBed("refused") { bed in
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha()))
                // No queue bound to alpha.feeder-events.invalid any more: the copy comes back unroutable.
                #expect(try await bed.topologyBed.broker.deleteQueue("alpha.feeder-events.invalid", ifEmpty: false))
                var messages = [
                    try HostileMessages.item(
                        ItemSubmitted(itemId: "neg", sequence: 0, amount: 1), catalog: bed.catalog, id: "invalid-id",
                        body: Array(#"{"itemId":"neg","sequence":0,"amount":-5}"#.utf8))
                ]
                for index in 1...5 {
                    messages.append(
                        try HostileMessages.item(ItemSubmitted(itemId: "after-\(index)", sequence: index, amount: 1), catalog: bed.catalog))
                }
                try await HostileMessages.publish(messages, configuration: try bed.topologyBed.amqp("hostile"))

                // The others flow while the refused copy is retried in the background.
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM alpha.items") == 5 })
                #expect(try await bed.count("SELECT count(*) FROM alpha.parked_messages WHERE reason = 'invalid'") == 1)
                #expect(try await eventually {
                    let metrics = alpha.host.metrics.exposition()
                    return metrics.contains("passerelle_republish_refused_total") && metrics.contains("path=\"parking\"")
                })
                let counted = Self.value(
                    of: "passerelle_republish_refused_total", path: "parking", in: alpha.host.metrics.exposition())
                #expect(counted >= 1)

                // Once the queue is back, the held copy goes through and the delivery is settled.
                try await bed.topologyBed.apply(try bed.topologyBed.session(desired: bed.topology))
                #expect(try await eventually(timeout: .seconds(60)) {
                    try await Self.count("alpha.feeder-events.invalid", bed: bed) == 1
                })
                #expect(try await drainMessages(
                    "alpha.feeder-events.invalid", expecting: 1, configuration: try bed.topologyBed.amqp("inv")) == ["invalid-id"])
                #expect(try await bed.count("SELECT count(*) FROM alpha.parked_messages") == 1)
                try await alpha.stop()
                // Nothing was left unsettled: the consumer queue is empty after the stop.
                #expect(try await Self.count("alpha.feeder-events", bed: bed) == 0)
            }
        }

        /// The ready messages of a queue (a passive declare).
        static func count(_ queue: String, bed: RuntimeTestBed) async throws -> Int {
            try await withConnection("count", configuration: try bed.topologyBed.amqp("count")) { connection in
                try await connection.declareQueue(AMQPQueueSpec(queue), passive: true).messageCount
            }
        }

        /// The value of a counter series with `path="…"` in a Prometheus exposition (0 when absent).
        static func value(of family: String, path: String, in exposition: String) -> Double {
            exposition.split(separator: "\n")
                .filter { $0.hasPrefix(family + "{") && $0.contains("path=\"\(path)\"") }
                .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
                .reduce(0, +)
        }
    }
}
