import Messaging
import ServiceRuntime
import ServiceRuntimeTesting
import Testing

@Suite struct InMemoryBrokerTests {
    let broker = InMemoryBroker()

    init() throws {
        self.broker.declareExchange(name: "events", type: .topic, alternateExchange: "unroutable")
        self.broker.declareExchange(name: "unroutable", type: .fanout)
        self.broker.declareExchange(name: "retry", type: .direct)
        self.broker.declareQueue(name: "unroutable")
        self.broker.declareQueue(name: "q", deadLetterExchange: "retry", deadLetterRoutingKey: "q.dlq", deliveryLimit: 2)
        self.broker.declareQueue(name: "q.dlq")
        try self.broker.bind(queue: "unroutable", exchange: "unroutable", routingKey: "")
        try self.broker.bind(queue: "q", exchange: "events", routingKey: "orders.*.v1")
        try self.broker.bind(queue: "q.dlq", exchange: "retry", routingKey: "q.dlq")
    }

    @Test func topicWildcardsMatchWords() throws {
        self.broker.declareQueue(name: "all")
        try self.broker.bind(queue: "all", exchange: "events", routingKey: "#")
        try self.broker.publish(testMessage("events", "orders.created.v1", id: "a"))
        try self.broker.publish(testMessage("events", "orders.created.extra.v1", id: "b"))
        #expect(self.broker.messages(in: "q").map(\.properties.messageID) == ["a"])
        #expect(self.broker.messages(in: "all").map(\.properties.messageID) == ["a", "b"])
        #expect(self.broker.messages(in: "unroutable").isEmpty)
    }

    @Test func theAlternateExchangeCatchesWhatNothingMatched() throws {
        try self.broker.publish(testMessage("events", "invoices.paid.v1", id: "x"))
        #expect(self.broker.count("unroutable") == 1)
        #expect(self.broker.messages(in: "unroutable")[0].exchange == "events")
    }

    @Test func anUnknownExchangeIsA404() async throws {
        let results = await self.broker.transport().publish([testMessage("nope", "k")])
        guard case .failure(let error) = results[0] else {
            Issue.record("published to a missing exchange")
            return
        }
        #expect(error.code == .channelClosed)
        #expect(error.replyCode == 404)
        #expect(self.broker.publishLog.isEmpty)
    }

    @Test func consumersOfOneQueueAreServedRoundRobin() async throws {
        let transport = self.broker.transport()
        var first = try await transport.consume(queue: "q", prefetch: 10).makeAsyncIterator()
        var second = try await transport.consume(queue: "q", prefetch: 10).makeAsyncIterator()
        _ = await transport.publish([testMessage("events", "orders.a.v1", id: "1")])
        _ = await transport.publish([testMessage("events", "orders.a.v1", id: "2")])
        _ = await transport.publish([testMessage("events", "orders.a.v1", id: "3")])
        let one = try #require(try await first.next())
        let two = try #require(try await second.next())
        let three = try #require(try await first.next())
        #expect(one.map(\.properties.messageID) == ["1"])
        #expect(two.map(\.properties.messageID) == ["2"])
        #expect(three.map(\.properties.messageID) == ["3"])
        #expect(self.broker.unacked("q") == 3)
    }

    @Test func settlingTwiceThrows() async throws {
        try self.broker.publish(testMessage("events", "orders.a.v1", id: "1"))
        var deliveries = try await self.broker.transport().consume(queue: "q", prefetch: 1).makeAsyncIterator()
        let delivery = try #require(try await deliveries.next()?.first)
        try delivery.ack()
        #expect(throws: AMQPError.self) { try delivery.ack() }
        #expect(throws: AMQPError.self) { try delivery.reject(requeue: true) }
        #expect(self.broker.count("q") == 0 && self.broker.unacked("q") == 0)
    }

    @Test func requeueCountsDeliveriesUntilTheLimitDeadLetters() async throws {
        try self.broker.publish(testMessage("events", "orders.a.v1", id: "1"))
        var deliveries = try await self.broker.transport().consume(queue: "q", prefetch: 1).makeAsyncIterator()
        var counts: [Int64?] = []
        for _ in 0..<3 {
            let delivery = try #require(try await deliveries.next()?.first)
            counts.append(delivery.headers["x-delivery-count"]?.integerValue)
            try delivery.reject(requeue: true)
        }
        #expect(counts == [nil, 1, 2])
        let parked = try #require(self.broker.messages(in: "q.dlq").first)
        #expect(parked.headers["x-delivery-count"] == nil)
        #expect(parked.deliveryCount == 0 && !parked.redelivered)
        let death = try #require(parked.headers["x-death"]?.arrayValue?.first?.tableValue)
        #expect(death["reason"] == "delivery_limit")
        #expect(death["queue"] == "q")
        #expect(death["exchange"] == "events")
        #expect(death["routing-keys"] == ["orders.a.v1"])
        #expect(death["count"] == .int64(1))
    }

    @Test func aSecondDeathFromTheSameQueueIncrementsTheCount() async throws {
        try self.broker.publish(testMessage("events", "orders.a.v1", id: "1"))
        let transport = self.broker.transport()
        for _ in 0..<2 {
            var deliveries = try await transport.consume(queue: "q", prefetch: 1).makeAsyncIterator()
            try #require(try await deliveries.next()?.first).reject(requeue: false)
            if let parked = self.broker.messages(in: "q.dlq").last, self.broker.count("q.dlq") == 1 {
                var again = testMessage("events", "orders.a.v1", id: "1")
                again.properties.headers = parked.headers
                try self.broker.publish(again)
            }
        }
        let deaths = try #require(self.broker.messages(in: "q.dlq").last?.headers["x-death"]?.arrayValue)
        #expect(deaths.count == 1)
        #expect(deaths.first?.tableValue?["count"] == .int64(2))
        #expect(deaths.first?.tableValue?["reason"] == "rejected")
    }

    @Test func aPerMessageExpirationDeadLettersAndRecordsTheOriginalExpiration() async throws {
        self.broker.declareQueue(name: "short", deadLetterExchange: "retry", deadLetterRoutingKey: "q.dlq")
        try self.broker.publish(testMessage("", "short", id: "e", expiration: "20"))
        #expect(try await eventually { self.broker.count("q.dlq") == 1 })
        let parked = try #require(self.broker.messages(in: "q.dlq").first)
        #expect(parked.properties.expiration == nil)
        let death = try #require(parked.headers["x-death"]?.arrayValue?.first?.tableValue)
        #expect(death["reason"] == "expired")
        #expect(death["original-expiration"] == "20")
        #expect(parked.headers["x-first-death-queue"] == "short")
    }

    @Test func aMessageExpiringWhileDeliveredExpiresWhenReturned() async throws {
        self.broker.declareQueue(name: "short", deadLetterExchange: "retry", deadLetterRoutingKey: "q.dlq",
            messageTTL: .milliseconds(20))
        try self.broker.publish(testMessage("", "short", id: "e"))
        var deliveries = try await self.broker.transport().consume(queue: "short", prefetch: 1).makeAsyncIterator()
        let delivery = try #require(try await deliveries.next()?.first)
        // A witness published later waits behind the held delivery (prefetch 1) and expires after it.
        try self.broker.publish(testMessage("", "short", id: "witness"))
        #expect(try await eventually { self.broker.count("q.dlq") == 1 })
        #expect(self.broker.unacked("short") == 1)
        try delivery.reject(requeue: true)
        #expect(self.broker.messages(in: "q.dlq").map(\.properties.messageID) == ["witness", "e"])
        #expect(self.broker.count("short") == 0)
    }
}
