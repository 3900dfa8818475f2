import ArgumentParser
import Foundation
import Messaging
import PasserelleOps
import ServiceRuntime
import Storage
import Testing

@testable import PasserelleCLI

extension AMQPIntegration {
    /// `passerelle dlq` draining messages a hostile sender shaped: NUL characters and forged runtime headers
    /// are stored sanitised, and never stop the drain.
    @Suite(.timeLimit(.minutes(3)))
    struct DLQHostileDrainTests {
        static let queue = DLQTestBed.queue

        @Test func aMessageWithANULHeaderIsStoredSanitisedAndTheDrainGoesOn() async throws {
            try await withDLQTestBed("dlq-nul") { bed in
                var hostile = DLQTestBed.properties(
                    id: "m\u{0}nul",
                    extra: [
                        "x-note": .string("a\u{0}b"), "x-ke\u{0}y": "v", RuntimeHeaders.attempt: .int64(.max),
                        RuntimeHeaders.reason: "whatever", RuntimeHeaders.parkedID: .string("not\u{0}a-uuid"),
                        RuntimeHeaders.originalExchange: .string("procurement\u{0}events"),
                    ])
                hostile.correlationID = "c\u{0}"
                let plain = DLQTestBed.properties(id: "m-plain")
                try await withConnection("park", configuration: try bed.topology.amqp("park", as: "notifications")) {
                    connection in
                    let publisher = try await connection.makePublisher()
                    for properties in [hostile, plain] {
                        _ = try await publisher.publish(
                            AMQPOutboundMessage(
                                exchange: "notifications.retry", routingKey: Self.queue + ".dlq", body: DLQTestBed.body(),
                                properties: properties))
                    }
                }
                #expect(try await eventually { try await bed.count(Self.queue + ".dlq") == 2 })

                try await DLQSyncCommand.parse(bed.common).run()

                #expect(try await bed.count(Self.queue + ".dlq") == 0)
                let rows = try await bed.store().list(ParkedStore.Filter())
                #expect(rows.count == 2)
                let row = try #require(rows.first { $0.messageID == "m\\u0000nul" }, "\(rows.map(\.messageID))")
                // An unknown reason and a parked id that is no UUID are ignored; the forged attempt count clamped.
                #expect(row.reason == "delivery-limit")
                #expect(row.attempts == RuntimeHeaders.maxAttempt)
                #expect(row.originalExchange == "notifications.retry")  // the forged one is unusable: where it came from
                #expect(row.error.contains("[stored sanitised: "), "\(row.error)")
                #expect(row.error.contains("header x-note: NUL escaped"), "\(row.error)")
                #expect(row.error.contains("correlation_id: NUL escaped"), "\(row.error)")
                #expect(row.propertiesJSON.contains(#"a\\u0000b"#), "\(row.propertiesJSON)")
                #expect(row.propertiesJSON.contains(#"x-ke\\u0000y"#), "\(row.propertiesJSON)")
                #expect(Array(row.body) == DLQTestBed.body())
                let history = try await bed.store().history(of: row)
                #expect(history.map(\.action) == ["parked"])
                #expect(rows.contains { $0.messageID == "m-plain" && !$0.error.contains("sanitised") })

                // `dlq show` prints it, and a replay sends the stored (sanitised) properties back.
                try await DLQShowCommand.parse(bed.common + [row.id.uuidString]).run()
                let outbound = try ReplayMessage.outbound(for: row, body: Array(row.body))
                #expect(outbound.properties.headers["x-note"] == .string("a\\u0000b"))
                #expect(outbound.properties.headers[RuntimeHeaders.attempt] == nil)
            }
        }
    }
}
