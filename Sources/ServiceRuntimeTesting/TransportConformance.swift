import Messaging
public import ServiceRuntime

/// The behaviour every ``RuntimeTransport`` must show, as checks that run against any transport: the
/// in-memory one in unit tests and ``AMQPRuntimeTransport`` against the real RabbitMQ in the integration
/// tests, so both are held to the same semantics (messaging §1 row 19).
///
/// Each check declares its own uniquely named topology through the ``TransportConformanceAdmin`` and throws
/// ``ConformanceFailure`` (or the transport's error) when the behaviour differs. The admin should declare
/// quorum queues on RabbitMQ: the checks rely on `x-delivery-count` and the delivery limit.
public enum TransportConformance {
    /// Topic (`*`, `#`), direct, fanout and default-exchange routing; every publish confirmed in order with
    /// its message id (a generated one when unset), increasing sequence numbers and one attempt; passive
    /// checks find what exists and fail with 404 otherwise; a publish to a missing exchange fails with 404.
    public static func routesAndConfirms(_ transport: any RuntimeTransport, admin: TransportConformanceAdmin)
        async throws
    {
        let topic = admin.uniqueName("topic")
        let direct = admin.uniqueName("direct")
        let fanout = admin.uniqueName("fanout")
        try await admin.declareExchange(topic, .topic, nil)
        try await admin.declareExchange(direct, .direct, nil)
        try await admin.declareExchange(fanout, .fanout, nil)
        let (oneWord, anyWords, keyed, fanA, fanB) = (
            admin.uniqueName("one-word"), admin.uniqueName("any-words"), admin.uniqueName("keyed"),
            admin.uniqueName("fan-a"), admin.uniqueName("fan-b")
        )
        for queue in [oneWord, anyWords, keyed, fanA, fanB] {
            try await admin.declareQueue(queue, .init())
        }
        try await admin.bind(oneWord, topic, "orders.*.created")
        try await admin.bind(anyWords, topic, "orders.#")
        try await admin.bind(keyed, direct, "k")
        try await admin.bind(fanA, fanout, "")
        try await admin.bind(fanB, fanout, "")

        let messages = [
            Self.message(topic, "orders.eu.created", id: "m1"),  // one-word, any-words
            Self.message(topic, "orders", id: "m2"),  // any-words (# matches zero words)
            Self.message(topic, "orders.eu.x.created", id: "m3"),  // any-words only
            Self.message(direct, "k", id: "m4"),  // keyed
            Self.message(fanout, "ignored", id: "m5"),  // fan-a, fan-b
            Self.message("", keyed, id: nil),  // keyed, through the default exchange
        ]
        let results = await transport.publish(messages)
        let confirmations = try results.map { try $0.get() }
        try check(confirmations.map(\.messageID).prefix(5) == ["m1", "m2", "m3", "m4", "m5"], "message ids")
        try check(!confirmations[5].messageID.isEmpty, "a generated message id")
        try check(confirmations.allSatisfy { $0.attempts == 1 }, "one attempt each")
        let sequence = confirmations.map(\.sequenceNumber)
        try check(zip(sequence, sequence.dropFirst()).allSatisfy { $0 < $1 }, "increasing sequence numbers \(sequence)")

        let expected = [oneWord: 1, anyWords: 3, keyed: 2, fanA: 1, fanB: 1]
        for (queue, count) in expected {
            try await Self.expectCount(transport, queue, count, admin: admin)
        }
        try await transport.checkExchange(topic)
        try await Self.expectNotFound("checkQueue") { _ = try await transport.checkQueue(admin.uniqueName("missing")) }
        try await Self.expectNotFound("checkExchange") { try await transport.checkExchange(admin.uniqueName("missing")) }
        let missing = await transport.publish([Self.message(admin.uniqueName("missing"), "k", id: "m7")])
        try await Self.expectNotFound("publish to a missing exchange") { _ = try missing[0].get() }
        _ = try await transport.publish([Self.message(direct, "k", id: "m8")])[0].get()
        try await Self.expectCount(transport, keyed, 3, admin: admin)
    }

    /// A mandatory message no queue accepts fails with `unroutable`; a non-mandatory one is confirmed (and
    /// dropped); an alternate exchange takes what its exchange cannot route, and then the publish succeeds.
    public static func unroutableMandatoryFails(_ transport: any RuntimeTransport, admin: TransportConformanceAdmin)
        async throws
    {
        let lonely = admin.uniqueName("lonely")
        try await admin.declareExchange(lonely, .direct, nil)
        let results = await transport.publish([
            Self.message(lonely, "nowhere", id: "u1"),
            Self.message(lonely, "nowhere", id: "u2", mandatory: false),
        ])
        guard case .failure(let error) = results[0], error.code == .unroutable else {
            throw ConformanceFailure("a mandatory unroutable publish: \(results[0])")
        }
        _ = try results[1].get()

        let unroutable = admin.uniqueName("unroutable")
        let caught = admin.uniqueName("caught")
        let guarded = admin.uniqueName("guarded")
        try await admin.declareExchange(unroutable, .fanout, nil)
        try await admin.declareQueue(caught, .init())
        try await admin.bind(caught, unroutable, "")
        try await admin.declareExchange(guarded, .topic, unroutable)
        let confirmation = try await transport.publish([Self.message(guarded, "no.binding", id: "u3")])[0].get()
        try check(confirmation.messageID == "u3", "the alternate exchange's publish is confirmed")
        try await Self.expectCount(transport, caught, 1, admin: admin)
    }

    // MARK: Helpers

    static func message(
        _ exchange: String, _ routingKey: String, id: String?, body: String? = nil, mandatory: Bool = true,
        expiration: String? = nil
    ) -> AMQPOutboundMessage {
        var properties = AMQPProperties(contentType: "text/plain", messageID: id)
        properties.expiration = expiration
        return AMQPOutboundMessage(
            exchange: exchange, routingKey: routingKey, body: Array((body ?? id ?? "body").utf8),
            properties: properties, mandatory: mandatory)
    }

    static func check(_ condition: Bool, _ what: @autoclosure () -> String) throws {
        if !condition {
            throw ConformanceFailure(what())
        }
    }

    /// Waits until the queue's ready count is `count` (a quorum queue's count may lag a confirm slightly).
    static func expectCount(
        _ transport: any RuntimeTransport, _ queue: String, _ count: Int, admin: TransportConformanceAdmin
    ) async throws {
        let deadline = ContinuousClock.now.advanced(by: admin.timeout)
        var last = try await transport.checkQueue(queue)
        while last != count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            last = try await transport.checkQueue(queue)
        }
        try check(last == count, "\(queue) holds \(last) ready messages, expected \(count)")
    }

    static func expectNotFound(_ what: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as AMQPError where error.code == .channelClosed && error.replyCode == 404 {
            return
        } catch {
            throw ConformanceFailure("\(what): expected 404 NOT_FOUND, got \(error)")
        }
        throw ConformanceFailure("\(what): expected 404 NOT_FOUND, it succeeded")
    }
}
