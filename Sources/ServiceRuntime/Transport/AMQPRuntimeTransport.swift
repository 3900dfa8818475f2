public import Logging
public import Messaging

/// The RabbitMQ transport: one connection for publishing and one for consuming, so a burst of publishes
/// never delays acknowledgements (each connection has its own thread).
///
/// Both connections recover on their own (``AMQPConnection``); a publish in flight when a connection drops
/// fails with `connectionLost` and the caller (the relay) tries it again later.
public final class AMQPRuntimeTransport: RuntimeTransport {
    private let publishing: AMQPConnection
    private let consuming: AMQPConnection
    private let publisher: AMQPPublisher

    private init(publishing: AMQPConnection, consuming: AMQPConnection, publisher: AMQPPublisher) {
        self.publishing = publishing
        self.consuming = consuming
        self.publisher = publisher
    }

    /// Connects both connections and opens the confirm-mode publisher.
    ///
    /// - Parameters:
    ///   - configuration: The broker URI settings (the service's own user and vhost).
    ///   - window: The most unconfirmed publishes at once.
    ///   - logger: The logger.
    /// - Throws: ``AMQPError`` when the broker cannot be reached or refuses the login.
    public static func connect(
        _ configuration: AMQPConfiguration, window: Int = 1000, logger: Logger
    ) async throws -> AMQPRuntimeTransport {
        var publishConfiguration = configuration
        publishConfiguration.connectionName = (configuration.connectionName ?? "passerelle") + " publish"
        var consumeConfiguration = configuration
        consumeConfiguration.connectionName = (configuration.connectionName ?? "passerelle") + " consume"
        let publishing = try await AMQPConnection.connect(publishConfiguration, logger: logger)
        do {
            let consuming = try await AMQPConnection.connect(consumeConfiguration, logger: logger)
            do {
                let publisher = try await publishing.makePublisher(window: window)
                return AMQPRuntimeTransport(publishing: publishing, consuming: consuming, publisher: publisher)
            } catch {
                await consuming.close()
                throw error
            }
        } catch {
            await publishing.close()
            throw error
        }
    }

    /// Publishes in order and waits for every confirm.
    public func publish(_ messages: [AMQPOutboundMessage]) async -> [Result<AMQPPublishConfirmation, AMQPError>] {
        if messages.count == 1 {
            do {
                return [.success(try await self.publisher.publish(messages[0]))]
            } catch let error as AMQPError {
                return [.failure(error)]
            } catch {
                return [.failure(AMQPError(.libraryFailure, operation: "publish: \(error)"))]
            }
        }
        return await self.publisher.publish(messages)
    }

    /// Consumes a queue on the consuming connection.
    public func consume(queue: String, prefetch: Int) async throws -> InboundStream {
        let consumer = try await self.consuming.consume(queue: queue, prefetch: prefetch)
        let (stream, continuation) = AsyncThrowingStream<[InboundMessage], any Error>.makeStream()
        let pump = Task {
            do {
                for try await batch in consumer.batches {
                    continuation.yield(batch.map { delivery in
                        InboundMessage(
                            body: delivery.body, properties: delivery.properties, exchange: delivery.exchange,
                            routingKey: delivery.routingKey, redelivered: delivery.redelivered, queue: queue,
                            ack: { try delivery.ack() },
                            reject: { requeue in try delivery.reject(requeue: requeue) })
                    })
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return InboundStream(stream: stream) {
            await consumer.cancel()
            pump.cancel()
        }
    }

    /// A passive declare on the consuming connection.
    public func checkQueue(_ name: String) async throws -> Int {
        try await self.consuming.declareQueue(AMQPQueueSpec(name), passive: true).messageCount
    }

    /// A passive declare on the consuming connection.
    public func checkExchange(_ name: String) async throws {
        try await self.consuming.declareExchange(AMQPExchangeSpec(name, type: .topic), passive: true)
    }

    /// Both connections are open.
    public var isConnected: Bool {
        self.publishing.state == .open && self.consuming.state == .open
    }

    /// Closes the publisher and both connections.
    public func close() async {
        await self.publisher.close()
        await self.consuming.close()
        await self.publishing.close()
    }
}
