import Messaging
import ServiceRuntime
import ServiceRuntimeTesting
import Testing

@Suite struct InMemoryBrokerFaultTests {
    let broker = InMemoryBroker()

    init() {
        self.broker.declareQueue(name: "q")
    }

    @Test func failNextPublishesFailsExactlyThatMany() async throws {
        let transport = self.broker.transport()
        self.broker.failNextPublishes(2)
        let results = await transport.publish((1...3).map { testMessage("", "q", id: "\($0)") })
        #expect(results.map { (try? $0.get()) == nil } == [true, true, false])
        if case .failure(let error) = results[0] {
            #expect(error.code == .nacked)
        }
        self.broker.failNextPublishes(1, code: .timeout)
        let timedOut = await transport.publish([testMessage("", "q", id: "4")])
        #expect(throws: AMQPError.self) { try timedOut[0].get() }
        #expect(self.broker.publishLog.map(\.properties.messageID) == ["3"])
        #expect(self.broker.count("q") == 1)
    }

    @Test func unavailablePublishingFailsWithConnectionLostUntilReenabled() async throws {
        let transport = self.broker.transport()
        self.broker.setPublishingAvailable(false)
        let failed = await transport.publish([testMessage("", "q", id: "1"), testMessage("", "q", id: "2")])
        for result in failed {
            #expect(throws: AMQPError.self) { try result.get() }
            if case .failure(let error) = result {
                #expect(error.code == .connectionLost)
            }
        }
        self.broker.setPublishingAvailable(true)
        let confirmation = try await transport.publish([testMessage("", "q", id: "3")])[0].get()
        #expect(confirmation.messageID == "3")
        #expect(self.broker.count("q") == 1)
    }

    @Test func droppedConnectionsEndConsumersAndRequeueTheirDeliveries() async throws {
        let transport = self.broker.transport()
        _ = await transport.publish([testMessage("", "q", id: "1"), testMessage("", "q", id: "2")])
        let stream = try await transport.consume(queue: "q", prefetch: 5)
        var iterator = stream.makeAsyncIterator()
        let before = try #require(try await iterator.next())
        #expect(before.count == 2)
        #expect(self.broker.unacked("q") == 2)

        self.broker.dropConnections()
        await #expect(throws: AMQPError.self) { _ = try await iterator.next() }
        do {
            try before[0].ack()
            Issue.record("a stale delivery was settled")
        } catch let error as AMQPError {
            #expect(error.code == .staleDelivery)
        }
        #expect(self.broker.unacked("q") == 0)
        let requeued = self.broker.messages(in: "q")
        #expect(requeued.map(\.properties.messageID) == ["1", "2"])
        #expect(requeued.allSatisfy { $0.redelivered && $0.deliveryCount == 1 })
        #expect(transport.isConnected)

        var again = try await transport.consume(queue: "q", prefetch: 5).makeAsyncIterator()
        let after = try #require(try await again.next())
        #expect(after.allSatisfy { $0.redelivered })
    }

    @Test func closeEndsConsumersRequeuesAndRefusesFurtherWork() async throws {
        let transport = self.broker.transport()
        _ = await transport.publish([testMessage("", "q", id: "1")])
        var iterator = try await transport.consume(queue: "q", prefetch: 5).makeAsyncIterator()
        let delivery = try #require(try await iterator.next()?.first)
        await transport.close()
        #expect(try await iterator.next() == nil)
        #expect(!transport.isConnected)
        #expect(self.broker.count("q") == 1)
        #expect(throws: AMQPError.self) { try delivery.ack() }
        let refused = await transport.publish([testMessage("", "q")])
        #expect(throws: AMQPError.self) { try refused[0].get() }
        await #expect(throws: AMQPError.self) { _ = try await transport.consume(queue: "q", prefetch: 1) }
        #expect(self.broker.consumerCount("q") == 0)
    }

    @Test func checksReportMissingObjectsAs404() async throws {
        let transport = self.broker.transport()
        #expect(try await transport.checkQueue("q") == 0)
        try await transport.checkExchange("amq.topic")
        do {
            _ = try await transport.checkQueue("missing")
            Issue.record("found a missing queue")
        } catch let error as AMQPError {
            #expect(error.code == .channelClosed && error.replyCode == 404)
        }
        await #expect(throws: AMQPError.self) { try await transport.checkExchange("missing") }
        await #expect(throws: AMQPError.self) { _ = try await transport.consume(queue: "missing", prefetch: 1) }
    }
}
