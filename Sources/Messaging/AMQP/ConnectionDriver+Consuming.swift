import Logging
extension ConnectionDriver {
    /// Opens a channel, applies qos and starts a consumer whose deliveries go to `continuation`.
    func startConsumer(
        queue: String,
        prefetch: UInt16,
        consumerTag: String,
        exclusive: Bool,
        arguments: AMQPTable,
        continuation: AsyncThrowingStream<[AMQPDelivery], any Error>.Continuation,
        makeShared: (UInt16) -> ConsumerShared
    ) -> Result<ConsumerShared, AMQPError> {
        guard !self.finished, self.closing == nil else { return .failure(AMQPError(.closed, operation: "consume \(queue)")) }
        guard let raw = self.raw else { return .failure(AMQPError(.notConnected, operation: "consume \(queue)")) }
        guard let channel = self.allocateChannel() else {
            return .failure(AMQPError(.invalidArgument, operation: "consume \(queue): no free channel"))
        }
        let shared = makeShared(channel)
        let consumer = ConsumerState(
            channel: channel, queue: queue, prefetch: prefetch, consumerTag: consumerTag, exclusive: exclusive,
            arguments: arguments, continuation: continuation, shared: shared)
        do {
            try consumer.start(on: raw)
        } catch {
            self.absorb(error, channel: channel)
            self.releaseChannel(channel)
            return .failure(error)
        }
        self.consumers[channel] = consumer
        return .success(shared)
    }

    /// Hands a delivery to its consumer's stream.
    func deliver(_ raw: RawDelivery) {
        guard let consumer = self.consumers[raw.channel], consumer.active else { return }
        let delivery = AMQPDelivery(
            body: raw.body, properties: raw.properties, exchange: raw.exchange, routingKey: raw.routingKey,
            redelivered: raw.redelivered, deliveryTag: raw.deliveryTag, consumerTag: raw.consumerTag,
            generation: consumer.generation, consumer: consumer.shared)
        consumer.append(delivery)
        if self.options.coalesceAcks {
            consumer.acks.delivered(raw.deliveryTag)
        }
    }

    /// Hands every consumer the deliveries read in this pump pass.
    func flushDeliveries() {
        for consumer in self.consumers.values {
            consumer.flush()
        }
    }

    /// Sends an ack, nack or reject, unless the delivery belongs to an earlier channel generation.
    func settleDelivery(channel: UInt16, generation: Int, deliveryTag: UInt64, _ settlement: DeliverySettlement) {
        guard let consumer = self.consumers[channel], consumer.active, consumer.generation == generation,
            let raw = self.raw
        else {
            self.logger.debug("Dropped settlement of a stale delivery", metadata: ["amqp.delivery_tag": "\(deliveryTag)"])
            return
        }
        if case .ack(multiple: false) = settlement, self.options.coalesceAcks {
            consumer.acks.acked(deliveryTag)
            return
        }
        do {
            // Queued acks go first, so this settlement never overtakes one of them.
            try self.flushAcks(consumer, raw: raw)
            try raw.settle(channel, deliveryTag: deliveryTag, settlement)
        } catch {
            self.connectionLost(error)
            return
        }
        guard self.options.coalesceAcks else { return }
        switch settlement {
        case .ack(multiple: true), .nack(multiple: true, _):
            consumer.acks.settledThrough(deliveryTag)
        default:
            consumer.acks.settledDirectly(deliveryTag)
        }
    }

    /// Sends the acks every consumer has queued since the last call, coalesced.
    func flushAllAcks() {
        for consumer in self.consumers.values where consumer.acks.hasPending {
            guard let raw = self.raw else { return }
            do {
                try self.flushAcks(consumer, raw: raw)
            } catch {
                self.connectionLost(error)
                return
            }
        }
    }

    private func flushAcks(_ consumer: ConsumerState, raw: RabbitConnection) throws(AMQPError) {
        for ack in consumer.acks.flush() {
            try raw.settle(consumer.channel, deliveryTag: ack.deliveryTag, .ack(multiple: ack.multiple))
        }
    }

    /// Cancels a consumer; unacked deliveries return to the queue when its channel closes.
    func cancelConsumer(_ channel: UInt16) {
        guard let consumer = self.consumers[channel] else { return }
        if let raw = self.raw, consumer.active {
            do {
                try self.flushAcks(consumer, raw: raw)
                try raw.cancel(channel, tag: consumer.consumerTag)
                try raw.closeChannel(channel)
            } catch {
                self.absorb(error, channel: channel)
            }
        }
        self.removeConsumer(channel, error: nil)
    }

    /// Forgets a consumer and ends its stream (with `error`, or normally).
    func removeConsumer(_ channel: UInt16, error: AMQPError?) {
        guard let consumer = self.consumers.removeValue(forKey: channel) else { return }
        consumer.active = false
        consumer.flush()
        consumer.shared.markClosed()
        _ = consumer.shared.advance()
        consumer.continuation.finish(throwing: error)
        self.releaseChannel(channel)
    }

    /// The broker closed a consumer's channel (e.g. 406 for an unknown delivery tag): reopen and consume again.
    func consumerChannelClosed(_ channel: UInt16, error: AMQPError) {
        guard let consumer = self.consumers[channel], let raw = self.raw else { return }
        consumer.active = false
        _ = consumer.shared.advance()
        do {
            try consumer.start(on: raw)
        } catch {
            if error.code == .channelClosed {
                self.removeConsumer(channel, error: error)
            } else {
                self.absorb(error, channel: channel)
            }
        }
    }

    /// The broker cancelled the consumer (its queue was deleted): end the stream with that error.
    func consumerCancelledByServer(_ channel: UInt16) {
        guard let consumer = self.consumers[channel] else { return }
        if let raw = self.raw {
            do {
                try raw.closeChannel(channel)
            } catch {
                self.absorb(error, channel: channel)
            }
        }
        self.removeConsumer(
            channel, error: AMQPError(.consumerCancelled, operation: "consume \(consumer.queue)"))
    }
}
