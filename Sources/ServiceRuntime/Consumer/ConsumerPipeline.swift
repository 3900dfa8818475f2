import ContractMessaging
import Foundation
import Logging
import Messaging
import Storage
import Topology

/// Reads one consumer queue and runs each message's handler in an inbox transaction.
///
/// For each batch of deliveries: body size, envelope, handler and contract are checked first (an invalid
/// message is parked in `<queue>.invalid` at once; a body larger than its type's `x-passerelle-max-body-bytes`,
/// 1 MiB by default, is refused before its JSON is parsed); then the valid ones run in one transaction per
/// ``ServiceConfiguration/Consumer/batchSize`` messages, each behind its inbox row, and are acknowledged
/// only after the commit. When a batch transaction fails because of a handler, its messages run again one
/// by one so that only the failing one takes the retry path.
///
/// The runtime's headers are read through ``RuntimeHeaderValues`` only: an attempt count is clamped to
/// `0...RuntimeHeaders.maxAttempt`, so no count a sender forges can overflow or index out of range.
///
/// Order: messages are handled in delivery order, but a message that takes the retry path (a delay level)
/// lets the later ones, of its aggregate too, overtake it. A message whose copy the broker refuses (to a
/// delay level or a parking queue) is treated the same way: it is held unacknowledged and its copy retried
/// in the background (``Republisher``), while the pipeline goes on with the next messages; after
/// ``RepublishPolicy/holdLimit`` it goes back to the queue. Nothing is dropped: a message is acknowledged
/// only once it is handled, or its copy is confirmed by the broker.
struct ConsumerPipeline: Sendable {
    let queue: BrokerTopology.ConsumerQueue
    let context: RuntimeContext
    let parking: ParkingWriter
    let republisher: Republisher

    init(queue: BrokerTopology.ConsumerQueue, context: RuntimeContext, republish: RepublishPolicy = RepublishPolicy()) {
        self.queue = queue
        self.context = context
        self.republisher = Republisher(context: context, queue: queue.name, policy: republish)
        self.parking = ParkingWriter(context: context, queue: queue.name, republisher: self.republisher)
    }

    /// Handles batches until the stream ends (the consumer was cancelled) or the task is cancelled.
    func run(_ stream: InboundStream) async throws {
        let buffer = DeliveryBuffer()
        let pump = Task {
            do {
                for try await batch in stream {
                    buffer.append(batch)
                }
                buffer.finish()
            } catch {
                buffer.finish(error)
            }
        }
        defer {
            pump.cancel()
            // Deliveries still held for a refused copy go back to the queue; they come again.
            self.republisher.releaseHeld()
        }
        // Take what is there, up to a few transactions' worth; `process` cuts it into transactions.
        let limit = max(1, self.context.configuration.consumer.batchSize) * 4
        while let batch = try await buffer.take(limit: limit) {
            try await self.process(batch)
        }
    }

    func process(_ batch: [InboundMessage]) async throws {
        var ready: [PreparedMessage] = []
        for delivery in batch {
            switch PreparedMessage.prepare(delivery, handlers: self.context.handlers, catalog: self.context.catalog) {
            case .success(let prepared):
                ready.append(prepared)
            case .failure(let invalid):
                try await self.parking.park(
                    delivery, reason: .invalid, error: invalid.description,
                    attempts: PreparedMessage.attempt(of: delivery))
            }
        }
        let size = max(1, self.context.configuration.consumer.batchSize)
        var index = 0
        while index < ready.count {
            let chunk = Array(ready[index..<min(index + size, ready.count)])
            index += chunk.count
            if chunk.count == 1 {
                try await self.handleOne(chunk[0])
            } else {
                try await self.handleBatch(chunk)
            }
        }
    }

    // MARK: - One transaction for several messages

    private func handleBatch(_ chunk: [PreparedMessage]) async throws {
        while true {
            try await self.context.breaker.waitUntilPermitted()
            let started = ContinuousClock.now
            do {
                let fresh = try await self.transaction(for: chunk)
                self.settle(chunk, fresh: fresh, duration: ContinuousClock.now - started)
                self.context.breaker.recordSuccess()
                return
            } catch {
                if FailureKind.classify(error) == .infrastructure {
                    self.context.breaker.recordInfrastructureFailure()
                    self.context.logger.warning("batch transaction failed: infrastructure unavailable", metadata: ["error": "\(error)"])
                    continue
                }
                // A handler failed: run them one by one, so only the failing message retries.
                for prepared in chunk {
                    try await self.handleOne(prepared)
                }
                return
            }
        }
    }

    private func transaction(for chunk: [PreparedMessage]) async throws -> Set<String> {
        let queueName = self.queue.name
        let ids = chunk.map(\.event.id)
        let types = chunk.map(\.event.type)
        let context = self.context
        return try await context.withTransaction(cause: nil) { transaction in
            let rows = try await transaction.query(
                """
                INSERT INTO inbox (consumer, message_id, message_type)
                SELECT \(queueName), id, type FROM unnest(\(ids)::text[], \(types)::text[]) AS m(id, type)
                ON CONFLICT DO NOTHING RETURNING message_id
                """)
            let fresh = Set(try rows.decode(String.self))
            // A message id twice in one batch (a sender may repeat it) runs its handler once.
            var handled: Set<String> = []
            for prepared in chunk where fresh.contains(prepared.event.id) && handled.insert(prepared.event.id).inserted {
                let scoped = context.database.scoped(transaction, cause: prepared.event)
                try await self.context.handlers.run(
                    prepared.entry, message: prepared.message, context: self.handlerContext(prepared, scoped))
            }
            return fresh
        }
    }

    // MARK: - One message

    private func handleOne(_ prepared: PreparedMessage) async throws {
        var inProcessRetries = 0
        let pauses = self.context.configuration.consumer.inProcessRetries
        while true {
            try await self.context.breaker.waitUntilPermitted()
            let started = ContinuousClock.now
            do {
                let fresh = try await self.transaction(for: [prepared])
                self.settle([prepared], fresh: fresh, duration: ContinuousClock.now - started)
                self.context.breaker.recordSuccess()
                return
            } catch {
                let logger = self.logger(for: prepared)
                switch FailureKind.classify(error) {
                case .infrastructure:
                    self.context.breaker.recordInfrastructureFailure()
                    logger.warning("handler transaction failed: infrastructure unavailable", metadata: ["error": "\(error)"])
                case .transient:
                    self.context.metrics.failed(type: prepared.event.type)
                    self.context.breaker.recordTransientFailure()
                    if inProcessRetries < pauses.count {
                        logger.info("transient failure, retrying in process", metadata: ["error": "\(error)"])
                        self.context.metrics.retried(type: prepared.event.type, level: "in-process")
                        try await Task.sleep(for: Self.jittered(pauses[inProcessRetries]))
                        inProcessRetries += 1
                        continue
                    }
                    try await self.delayOrPark(prepared, error: error)
                    return
                case .permanent:
                    self.context.metrics.failed(type: prepared.event.type)
                    logger.error("permanent failure, parking", metadata: ["error": "\(error)"])
                    try await self.parking.park(
                        prepared.delivery, reason: .failed, error: "\(error)", attempts: prepared.attempt + 1)
                    return
                }
            }
        }
    }

    /// Sends the message to its next broker delay level, or parks it after the last one.
    private func delayOrPark(_ prepared: PreparedMessage, error: any Error) async throws {
        let levels = self.queue.retryLevels
        // `attempt` is in 0...RuntimeHeaders.maxAttempt, whatever the header said.
        let attempt = prepared.attempt
        guard attempt < levels.count else {
            self.logger(for: prepared).error("retries exhausted, parking", metadata: ["error": "\(error)"])
            try await self.parking.park(prepared.delivery, reason: .failed, error: "\(error)", attempts: attempt + 1)
            return
        }
        let level = levels[attempt]
        let delivery = prepared.delivery
        var properties = delivery.properties
        let values = RuntimeHeaderValues(delivery.properties)
        properties.headers[RuntimeHeaders.attempt] = .int32(Int32(clamping: attempt + 1))
        properties.headers[RuntimeHeaders.error] = .string(String("\(error)".prefix(RuntimeHeaders.maxErrorLength)))
        if values.originalExchange == nil || values.originalRoutingKey == nil {
            properties.headers[RuntimeHeaders.originalExchange] = .string(delivery.exchange)
            properties.headers[RuntimeHeaders.originalRoutingKey] = .string(delivery.routingKey)
        }
        let copy = AMQPOutboundMessage(
            exchange: self.context.retryExchange, routingKey: "\(self.queue.name).\(level.name)", body: delivery.body,
            properties: properties)
        let context = self.context
        let type = prepared.event.type
        let logger = self.logger(for: prepared)
        try await self.republisher.publish(copy, path: .retry, for: delivery) {
            Self.ack(delivery, logger: context.logger)
            context.metrics.retried(type: type, level: level.name)
            logger.info("transient failure, delayed", metadata: ["level": "\(level.name)", "attempt": "\(attempt + 1)"])
        }
    }

    // MARK: - Helpers

    private func settle(_ chunk: [PreparedMessage], fresh: Set<String>, duration: Duration) {
        let share = duration / max(1, fresh.count)
        var counted: Set<String> = []
        for prepared in chunk {
            self.ack(prepared.delivery)
            if fresh.contains(prepared.event.id) && counted.insert(prepared.event.id).inserted {
                self.context.metrics.handled(type: prepared.event.type)
                self.context.metrics.handlerDuration(type: prepared.event.type, share)
            } else {
                self.context.metrics.duplicateSkipped(type: prepared.event.type)
                self.logger(for: prepared).debug("duplicate skipped")
            }
        }
    }

    private func ack(_ delivery: InboundMessage) {
        Self.ack(delivery, logger: self.context.logger)
    }

    private static func ack(_ delivery: InboundMessage, logger: Logger) {
        do {
            try delivery.ack()
        } catch {
            // A stale delivery after a reconnect: the broker delivers it again and the inbox absorbs it.
            logger.debug("ack failed; the message will be delivered again", metadata: ["error": "\(error)"])
        }
    }

    private func handlerContext(_ prepared: PreparedMessage, _ transaction: ServiceTransaction) -> HandlerContext {
        HandlerContext(
            event: prepared.event, transaction: transaction, attempt: prepared.attempt, queue: self.queue.name,
            logger: self.logger(for: prepared),
            sender: ActorToken.sender(of: prepared.delivery.properties, ownUser: self.context.ownUser),
            actorToken: ActorToken.token(of: prepared.delivery.properties))
    }

    private func logger(for prepared: PreparedMessage) -> Logger {
        var logger = self.context.logger
        logger[metadataKey: "message.id"] = "\(prepared.event.id)"
        logger[metadataKey: "message.type"] = "\(prepared.event.type)"
        logger[metadataKey: "correlation.id"] = "\(prepared.event.correlationID ?? prepared.event.id)"
        return logger
    }

    static func jittered(_ pause: Duration) -> Duration {
        pause * Double.random(in: 0.75...1.25)
    }
}
