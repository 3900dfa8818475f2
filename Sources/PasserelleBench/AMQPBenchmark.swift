import Foundation
import Logging
import Messaging
import PasserelleCLI

/// The work of `passerelle bench amqp`: publish N persistent messages with confirms to a fresh queue,
/// then consume and ack them all, measuring rates and confirm latency.
struct AMQPBenchmark: Sendable {
    struct Settings: Sendable {
        var configuration: AMQPConfiguration
        var messages: Int
        var size: Int
        var window: Int
        var queueType: String
    }

    struct Result: Sendable, Codable {
        var publishPerSecond: Double
        var consumePerSecond: Double
        var confirmP50Milliseconds: Double
        var confirmP99Milliseconds: Double
        var failedPublishes: Int
    }

    let settings: Settings
    let logger: Logger
    let progress: @Sendable (String) -> Void

    func run() async throws -> Result {
        let queue = "passerelle.bench.\(UUID().uuidString.lowercased().prefix(8))"
        var publisherConfiguration = self.settings.configuration
        publisherConfiguration.connectionName = "passerelle bench publisher"
        var consumerConfiguration = self.settings.configuration
        consumerConfiguration.connectionName = "passerelle bench consumer"
        let publishing = try await AMQPConnection.connect(publisherConfiguration, logger: self.logger)
        let consuming: AMQPConnection
        do {
            consuming = try await AMQPConnection.connect(consumerConfiguration, logger: self.logger)
        } catch {
            await publishing.close()
            throw error
        }
        do {
            try await publishing.declareQueue(
                AMQPQueueSpec(queue, arguments: ["x-queue-type": .string(self.settings.queueType)]))
            let result = try await self.measure(queue: queue, publishing: publishing, consuming: consuming)
            try await publishing.deleteQueue(queue)
            await publishing.close()
            await consuming.close()
            return result
        } catch {
            _ = try? await publishing.deleteQueue(queue)
            await publishing.close()
            await consuming.close()
            throw error
        }
    }

    private func measure(queue: String, publishing: AMQPConnection, consuming: AMQPConnection) async throws -> Result {
        let body = [UInt8](repeating: UInt8(ascii: "p"), count: self.settings.size)
        let messages = (0..<self.settings.messages).map { index in
            AMQPOutboundMessage(
                exchange: "", routingKey: queue, body: body,
                properties: AMQPProperties(contentType: "application/octet-stream", messageID: "m-\(index)"))
        }
        self.progress("publishing \(messages.count) messages of \(self.settings.size) bytes, window \(self.settings.window)")
        let publisher = try await publishing.makePublisher(window: self.settings.window)
        let publishStart = ContinuousClock.now
        let results = await publisher.publish(messages)
        let publishElapsed = publishStart.duration(to: .now)
        await publisher.close()
        var latencies: [Double] = []
        latencies.reserveCapacity(results.count)
        var failed = 0
        for result in results {
            switch result {
            case .success(let confirmation): latencies.append(confirmation.latency.seconds * 1000)
            case .failure: failed += 1
            }
        }
        let confirmed = results.count - failed
        self.progress("consuming \(confirmed) messages")
        let consumeStart = ContinuousClock.now
        let consumer = try await consuming.consume(queue: queue, prefetch: self.settings.window)
        var received = 0
        if confirmed > 0 {
            for try await delivery in consumer {
                try delivery.ack()
                received += 1
                if received == confirmed { break }
            }
        }
        let consumeElapsed = consumeStart.duration(to: .now)
        await consumer.cancel()
        let percentiles = Percentiles(latencies)
        return Result(
            publishPerSecond: Double(confirmed) / publishElapsed.seconds,
            consumePerSecond: Double(received) / consumeElapsed.seconds,
            confirmP50Milliseconds: percentiles.value(at: 50),
            confirmP99Milliseconds: percentiles.value(at: 99),
            failedPublishes: failed)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
    }
}
