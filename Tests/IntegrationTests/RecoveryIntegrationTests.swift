import Foundation
import Messaging
import Synchronization
import Testing

extension AMQPIntegration {
    @Suite(.timeLimit(.minutes(3)))
    struct RecoveryIntegrationTests {
        /// Fast recovery so the tests do not wait on the production back-off.
        static var fastRecovery: AMQPConnection.Options {
            var options = AMQPConnection.Options()
            options.reconnect = ReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(2))
            options.publishTimeout = .seconds(30)
            return options
        }

        /// Connects through a ``BlackholeProxy`` in front of the broker, with a short heartbeat.
        static func connectThroughProxy(name: String, heartbeat: Int) async throws -> (BlackholeProxy, AMQPConnection) {
            let broker = try AMQPConfiguration(url: IntegrationEnvironment.amqpURL)
            let proxy = try BlackholeProxy(targetPort: broker.port)
            var configuration = try IntegrationEnvironment.configuration(name: name, query: "heartbeat=\(heartbeat)")
            configuration.host = "127.0.0.1"
            configuration.port = proxy.port
            do {
                let connection = try await AMQPConnection.connect(
                    configuration, options: Self.fastRecovery, logger: IntegrationEnvironment.logger)
                return (proxy, connection)
            } catch {
                proxy.stop()
                throw error
            }
        }

        /// Collects what the consumer saw.
        final class Received: Sendable {
            private let ids = Mutex<Set<String>>([])
            private let deliveries = Mutex(0)

            func record(_ id: String) {
                self.ids.withLock { _ = $0.insert(id) }
                self.deliveries.withLock { $0 += 1 }
            }

            var distinct: Set<String> { self.ids.withLock { $0 } }
            var total: Int { self.deliveries.withLock { $0 } }
        }

        @Test func brokerClosingAllConnectionsMidStreamLosesNothingConfirmed() async throws {
            let vhost = IntegrationEnvironment.uniqueName("chaos")
            try IntegrationEnvironment.rabbitmqctl("add_vhost", vhost)
            try IntegrationEnvironment.rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
            defer { _ = try? IntegrationEnvironment.rabbitmqctl("delete_vhost", vhost) }

            let publishing = try await AMQPConnection.connect(
                IntegrationEnvironment.configuration(vhost: vhost, name: "chaos publisher"), options: Self.fastRecovery,
                logger: IntegrationEnvironment.logger)
            let consuming = try await AMQPConnection.connect(
                IntegrationEnvironment.configuration(vhost: vhost, name: "chaos consumer"), options: Self.fastRecovery,
                logger: IntegrationEnvironment.logger)
            let queue = "chaos.inbox"
            try await publishing.declareQueue(.quorum(queue))

            let received = Received()
            let consumer = try await consuming.consume(queue: queue, prefetch: 200)
            let consumerTask = Task {
                for try await delivery in consumer {
                    received.record(delivery.properties.messageID ?? "?")
                    // A settle for a delivery from before a reconnect is refused: the broker redelivers it.
                    try? delivery.ack()
                }
            }

            // At least 10,000 messages; more while a close has been asked for but has not landed yet (the
            // Erlang CLI takes a second or two to start, and a fast machine can confirm everything before).
            let minimum = 10_000
            // A small window keeps the publisher busy (no idle gaps), so each close lands while messages are
            // in flight.
            let publisher = try await publishing.makePublisher(window: 10)
            var confirmed: Set<String> = []
            var failures: [AMQPError.Code: Int] = [:]
            var republishedAttempts = 0
            var chaosRounds = 0
            var produced = 0
            var pending: [AMQPOutboundMessage] = []
            func produce(_ count: Int) {
                for index in produced..<(produced + count) {
                    pending.append(AMQPOutboundMessage(
                        exchange: "", routingKey: queue, body: Array("message \(index)".utf8),
                        properties: AMQPProperties(messageID: "m-\(index)"),
                        // Half the messages ask to be re-sent after a reconnect; the other half fail and the
                        // test re-publishes them, as an outbox relay would.
                        republishOnRecovery: index % 2 == 0))
                }
                produced += count
            }
            produce(minimum)
            var chaosTask: Task<Void, any Error>?
            let deadline = ContinuousClock.now + .seconds(120)
            func closeLanded() -> Bool {
                publishing.recoveryCount >= chaosRounds && consuming.recoveryCount >= chaosRounds
            }
            while !pending.isEmpty || !closeLanded() || chaosRounds < 2 {
                if pending.isEmpty { produce(100) }
                if ContinuousClock.now > deadline { break }
                let batch = Array(pending.prefix(100))
                pending.removeFirst(batch.count)
                if chaosRounds < 2, closeLanded(), confirmed.count >= (chaosRounds == 0 ? 200 : 3_000) {
                    chaosRounds += 1
                    // Kill every connection of the vhost while the next batches are in flight.
                    chaosTask = Task { try await IntegrationEnvironment.rabbitmqctlAsync("close_all_connections", "--vhost", vhost, "chaos test") }
                }
                let results = await publisher.publish(batch)
                for (message, result) in zip(batch, results) {
                    switch result {
                    case .success(let confirmation):
                        confirmed.insert(confirmation.messageID)
                        if confirmation.attempts > 1 { republishedAttempts += 1 }
                    case .failure(let error):
                        failures[error.code, default: 0] += 1
                        pending.append(message)
                    }
                }
            }
            let total = produced
            try await chaosTask?.value
            #expect(confirmed.count == total)
            #expect(chaosRounds == 2)
            #expect(failures.values.reduce(0, +) + republishedAttempts > 0, "the closes must land while messages are in flight")
            #expect(try await eventually(timeout: .seconds(60)) { publishing.recoveryCount >= 2 && consuming.recoveryCount >= 2 })
            // Only "outcome unknown" codes may fail a publish here; nothing unconfirmed was counted as confirmed.
            #expect(Set(failures.keys).isSubset(of: [.connectionLost, .notConnected, .timeout, .closed]), "\(failures)")
            // Every confirmed message reaches the consumer, which resumed on its own after each loss.
            let allConsumed = try await eventually(timeout: .seconds(60)) { received.distinct.isSuperset(of: confirmed) }
            #expect(allConsumed, "missing \(confirmed.subtracting(received.distinct).count) confirmed messages")
            #expect(received.total >= total)
            consumerTask.cancel()
            await publishing.close()
            await consuming.close()
            print("chaos: \(total) confirmed, failures \(failures), re-sent after recovery \(republishedAttempts), deliveries \(received.total), recoveries \(publishing.recoveryCount)/\(consuming.recoveryCount)")
        }

        @Test func brokerRestartIsSurvivedWithoutLosingConfirmedMessages() async throws {
            let publishing = try await AMQPConnection.connect(
                IntegrationEnvironment.configuration(name: "restart publisher"), options: Self.fastRecovery,
                logger: IntegrationEnvironment.logger)
            let consuming = try await AMQPConnection.connect(
                IntegrationEnvironment.configuration(name: "restart consumer"), options: Self.fastRecovery,
                logger: IntegrationEnvironment.logger)
            let queue = IntegrationEnvironment.uniqueName("restart")
            try await publishing.declareQueue(.quorum(queue))
            let received = Received()
            let consumer = try await consuming.consume(queue: queue, prefetch: 100)
            let consumerTask = Task {
                for try await delivery in consumer {
                    received.record(delivery.properties.messageID ?? "?")
                    try? delivery.ack()
                }
            }
            let publisher = try await publishing.makePublisher(window: 100)
            func publish(_ range: Range<Int>) async -> Set<String> {
                let results = await publisher.publish(range.map {
                    AMQPOutboundMessage(
                        exchange: "", routingKey: queue, body: [1], properties: AMQPProperties(messageID: "r-\($0)"),
                        republishOnRecovery: true)
                })
                return Set(results.compactMap { try? $0.get().messageID })
            }
            var confirmed = await publish(0..<1_000)
            try IntegrationEnvironment.rabbitmqctl("stop_app")
            do {
                #expect(try await eventually(timeout: .seconds(10)) { publishing.state == .recovering })
                // Published while the broker is down: queued, then written once the connection is back.
                async let duringOutage = publish(1_000..<1_500)
                try await Task.sleep(for: .seconds(1))
                try IntegrationEnvironment.rabbitmqctl("start_app")
                try IntegrationEnvironment.rabbitmqctl("await_startup")
                confirmed.formUnion(await duringOutage)
            } catch {
                _ = try? IntegrationEnvironment.rabbitmqctl("start_app")
                throw error
            }
            confirmed.formUnion(await publish(1_500..<2_000))
            #expect(confirmed.count == 2_000)
            #expect(try await eventually(timeout: .seconds(60)) { received.distinct.isSuperset(of: confirmed) })
            #expect(publishing.recoveryCount >= 1 && consuming.recoveryCount >= 1)
            consumerTask.cancel()
            _ = try? await publishing.deleteQueue(queue)
            await publishing.close()
            await consuming.close()
        }

        @Test func deadPeerIsDetectedWithinTwoHeartbeatsAndTheConnectionRecovers() async throws {
            let (proxy, connection) = try await Self.connectThroughProxy(name: "network cut", heartbeat: 2)
            defer { proxy.stop() }
            let queue = IntegrationEnvironment.uniqueName("cut")
            try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
            let consumer = try await connection.consume(queue: queue, prefetch: 10)
            var iterator = consumer.makeAsyncIterator()

            let cutAt = ContinuousClock.now
            proxy.cut()
            let detected = try await eventually(timeout: .seconds(10)) { connection.state != .open || connection.recoveryCount > 0 }
            let detectedAfter = cutAt.duration(to: .now)
            #expect(detected)
            // rabbitmq-c declares the peer dead after two heartbeat intervals (2 × 2 s) without traffic.
            #expect(detectedAfter <= .seconds(5), "detected after \(detectedAfter)")
            #expect(try await eventually(timeout: .seconds(10)) { connection.recoveryCount == 1 && connection.state == .open })
            #expect(connection.lastError?.code == .heartbeatTimeout)

            // The consumer was restarted on the new connection.
            let publisher = try await connection.makePublisher()
            _ = try await publisher.publish(AMQPOutboundMessage(exchange: "", routingKey: queue, body: [5]))
            let delivery = try #require(try await iterator.next())
            #expect(delivery.body == [5])
            try delivery.ack()
            _ = try? await connection.deleteQueue(queue)
            await connection.close()
        }

        @Test func inFlightPublishIsReportedFailedNotConfirmedWhenTheConnectionDrops() async throws {
            let (proxy, connection) = try await Self.connectThroughProxy(name: "in flight", heartbeat: 1)
            defer { proxy.stop() }
            let queue = IntegrationEnvironment.uniqueName("inflight")
            try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
            let publisher = try await connection.makePublisher()
            proxy.cut()
            // Sent into the void: the broker never sees them, so they must fail, not be confirmed.
            let results = await publisher.publish([
                AMQPOutboundMessage(exchange: "", routingKey: queue, body: [1]),
                AMQPOutboundMessage(exchange: "", routingKey: queue, body: [2], republishOnRecovery: true),
            ])
            guard case .failure(let error) = results[0] else {
                Issue.record("a publish lost with its connection must not be confirmed")
                return
            }
            #expect(error.code == .connectionLost)
            // The one that asked to be re-sent was, on the recovered connection, and confirmed there.
            let resent = try results[1].get()
            #expect(resent.attempts == 2)
            #expect(try await connection.declareQueue(AMQPQueueSpec(queue, durable: false), passive: true).messageCount == 1)
            _ = try? await connection.deleteQueue(queue)
            await connection.close()
        }
    }
}
