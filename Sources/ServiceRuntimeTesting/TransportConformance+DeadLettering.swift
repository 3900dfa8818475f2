import Messaging
public import ServiceRuntime

extension TransportConformance {
    /// A message rejected without requeue goes to the dead-letter exchange with the dead-letter routing
    /// key, carrying `x-death` (count 1, reason `rejected`, the queue, the original exchange and routing
    /// keys, a time) and the `x-first-death-*` headers.
    public static func rejectDeadLetters(_ transport: any RuntimeTransport, admin: TransportConformanceAdmin)
        async throws
    {
        let names = try await Self.deadLetterSetup("reject", admin: admin, options: .init())
        _ = try await transport.publish([Self.message(names.events, "orders.created", id: "d1")])[0].get()
        let consumer = DeliveryRecorder(try await transport.consume(queue: names.queue, prefetch: 1))
        try await consumer.wait(for: 1, timeout: admin.timeout, "the delivery")[0].reject(requeue: false)
        await consumer.stop()
        let parked = try await Self.takeOne(transport, names.parking, admin: admin)
        try check(parked.exchange == names.retry, "dead-lettered through \(parked.exchange)")
        try check(parked.routingKey == names.parking, "dead-lettered with key \(parked.routingKey)")
        try Self.checkDeath(
            parked.headers, reason: "rejected", queue: names.queue, exchange: names.events, key: "orders.created")
    }

    /// A message requeued more often than the queue's delivery limit is dead-lettered with reason
    /// `delivery_limit` after `limit + 1` deliveries.
    public static func deliveryLimitDeadLetters(_ transport: any RuntimeTransport, admin: TransportConformanceAdmin)
        async throws
    {
        let limit = 2
        let names = try await Self.deadLetterSetup("limit", admin: admin, options: .init(deliveryLimit: limit))
        _ = try await transport.publish([Self.message(names.events, "orders.created", id: "l1")])[0].get()
        let consumer = DeliveryRecorder(try await transport.consume(queue: names.queue, prefetch: 1))
        for attempt in 1...(limit + 1) {
            let delivery = try await consumer.wait(for: attempt, timeout: admin.timeout, "delivery \(attempt)")
            try delivery[attempt - 1].reject(requeue: true)
        }
        let parked = try await Self.takeOne(transport, names.parking, admin: admin)
        try await Task.sleep(for: admin.quietPeriod)
        try check(consumer.deliveries.count == limit + 1, "\(consumer.deliveries.count) deliveries before parking")
        await consumer.stop()
        try Self.checkDeath(
            parked.headers, reason: "delivery_limit", queue: names.queue, exchange: names.events,
            key: "orders.created")
    }

    /// The retry ladder's return path: a message published to a delay queue (through the retry exchange,
    /// key `<queue>.<delay>`) waits for the queue's TTL, then is dead-lettered (`expired`) back to the
    /// consumer queue.
    public static func ttlReturnsToQueue(
        _ transport: any RuntimeTransport, admin: TransportConformanceAdmin, delay: Duration = .milliseconds(50)
    ) async throws {
        let retry = admin.uniqueName("ttl.retry")
        let queue = admin.uniqueName("ttl")
        let delayed = "\(queue).retry.delay"
        try await admin.declareExchange(retry, .direct, nil)
        try await admin.declareQueue(queue, .init())
        try await admin.declareQueue(
            delayed, .init(deadLetterExchange: retry, deadLetterRoutingKey: queue, messageTTL: delay))
        try await admin.bind(queue, retry, queue)
        try await admin.bind(delayed, retry, "\(queue).delay")
        let consumer = DeliveryRecorder(try await transport.consume(queue: queue, prefetch: 1))
        let start = ContinuousClock.now
        _ = try await transport.publish([Self.message(retry, "\(queue).delay", id: "t1")])[0].get()
        let delivery = try await consumer.wait(for: 1, timeout: admin.timeout, "the expired message")[0]
        let waited = ContinuousClock.now - start
        try check(waited >= delay - .milliseconds(5), "returned after \(waited), before the TTL \(delay)")
        try check(delivery.routingKey == queue && delivery.exchange == retry, "returned through the retry exchange")
        try check(!delivery.redelivered, "a dead-lettered message is a new delivery")
        try Self.checkDeath(delivery.headers, reason: "expired", queue: delayed, exchange: retry, key: "\(queue).delay")
        try delivery.ack()
        await consumer.stop()
    }

    // MARK: Helpers

    /// An events exchange → queue (dead-lettering to a retry exchange with key `<queue>.dlq`) → parking queue.
    private static func deadLetterSetup(
        _ label: String, admin: TransportConformanceAdmin, options: TransportConformanceAdmin.QueueOptions
    ) async throws -> (events: String, retry: String, queue: String, parking: String) {
        let events = admin.uniqueName("\(label).events")
        let retry = admin.uniqueName("\(label).retry")
        let queue = admin.uniqueName(label)
        let parking = "\(queue).dlq"
        var options = options
        options.deadLetterExchange = retry
        options.deadLetterRoutingKey = parking
        try await admin.declareExchange(events, .topic, nil)
        try await admin.declareExchange(retry, .direct, nil)
        try await admin.declareQueue(queue, options)
        try await admin.declareQueue(parking, .init())
        try await admin.bind(queue, events, "orders.#")
        try await admin.bind(parking, retry, parking)
        return (events, retry, queue, parking)
    }

    /// Consumes one message from a queue and acks it.
    private static func takeOne(
        _ transport: any RuntimeTransport, _ queue: String, admin: TransportConformanceAdmin
    ) async throws -> InboundMessage {
        let recorder = DeliveryRecorder(try await transport.consume(queue: queue, prefetch: 1))
        let delivery = try await recorder.wait(for: 1, timeout: admin.timeout, "the message in \(queue)")[0]
        try delivery.ack()
        await recorder.stop()
        return delivery
    }

    private static func checkDeath(
        _ headers: AMQPTable, reason: String, queue: String, exchange: String, key: String
    ) throws {
        guard let death = headers["x-death"]?.arrayValue?.first?.tableValue else {
            throw ConformanceFailure("no x-death header in \(headers.keys)")
        }
        try check(death["count"]?.integerValue == 1, "x-death count \(String(describing: death["count"]))")
        try check(death["reason"]?.stringValue == reason, "x-death reason \(String(describing: death["reason"]))")
        try check(death["queue"]?.stringValue == queue, "x-death queue \(String(describing: death["queue"]))")
        try check(
            death["exchange"]?.stringValue == exchange, "x-death exchange \(String(describing: death["exchange"]))")
        let keys = death["routing-keys"]?.arrayValue?.compactMap(\.stringValue)
        try check(keys == [key], "x-death routing-keys \(String(describing: keys))")
        if case .timestamp = death["time"] {
        } else {
            throw ConformanceFailure("x-death time \(String(describing: death["time"]))")
        }
        try check(headers["x-first-death-reason"]?.stringValue == reason, "x-first-death-reason")
        try check(headers["x-first-death-queue"]?.stringValue == queue, "x-first-death-queue")
        try check(headers["x-first-death-exchange"]?.stringValue == exchange, "x-first-death-exchange")
    }
}
