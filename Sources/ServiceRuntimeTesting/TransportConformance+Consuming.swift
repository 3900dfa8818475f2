import Messaging
public import ServiceRuntime

extension TransportConformance {
    /// A consumer never holds more than `prefetch` unsettled deliveries; settling one lets the next through;
    /// the ready count excludes what is out with the consumer.
    public static func prefetchIsHonoured(_ transport: any RuntimeTransport, admin: TransportConformanceAdmin)
        async throws
    {
        let queue = admin.uniqueName("prefetch")
        try await admin.declareQueue(queue, .init())
        let published = await transport.publish((1...5).map { Self.message("", queue, id: "p\($0)") })
        _ = try published.map { try $0.get() }
        try await Self.expectCount(transport, queue, 5, admin: admin)

        let recorder = DeliveryRecorder(try await transport.consume(queue: queue, prefetch: 2))
        var deliveries = try await recorder.wait(for: 2, timeout: admin.timeout, "the first deliveries")
        try await Task.sleep(for: admin.quietPeriod)
        try check(recorder.deliveries.count == 2, "prefetch 2 gave \(recorder.deliveries.count) deliveries")
        try await Self.expectCount(transport, queue, 3, admin: admin)

        try deliveries[0].ack()
        deliveries = try await recorder.wait(for: 3, timeout: admin.timeout, "the delivery after one ack")
        try await Task.sleep(for: admin.quietPeriod)
        try check(recorder.deliveries.count == 3, "after one ack: \(recorder.deliveries.count) deliveries")
        for delivery in deliveries.dropFirst() {
            try delivery.ack()
        }
        deliveries = try await recorder.wait(for: 5, timeout: admin.timeout, "the rest")
        for delivery in deliveries.dropFirst(3) {
            try delivery.ack()
        }
        let ids = deliveries.map { $0.properties.messageID ?? "" }
        try check(ids == ["p1", "p2", "p3", "p4", "p5"], "delivered in order: \(ids)")
        await recorder.stop()
        try await Self.expectCount(transport, queue, 0, admin: admin)
    }

    /// A rejected-and-requeued message comes back `redelivered` with `x-delivery-count: 1`; the first
    /// delivery is not marked.
    public static func requeueRedelivers(_ transport: any RuntimeTransport, admin: TransportConformanceAdmin)
        async throws
    {
        let queue = admin.uniqueName("requeue")
        try await admin.declareQueue(queue, .init())
        _ = try await transport.publish([Self.message("", queue, id: "r1")])[0].get()
        let recorder = DeliveryRecorder(try await transport.consume(queue: queue, prefetch: 1))
        let first = try await recorder.wait(for: 1, timeout: admin.timeout, "the first delivery")[0]
        try check(!first.redelivered, "the first delivery is not redelivered")
        try check(first.headers["x-delivery-count"]?.integerValue ?? 0 == 0, "no delivery count at first")
        try first.reject(requeue: true)
        let second = try await recorder.wait(for: 2, timeout: admin.timeout, "the redelivery")[1]
        try check(second.redelivered, "the requeued message is redelivered")
        try check(second.properties.messageID == "r1" && second.body == first.body, "the same message")
        let count = second.headers["x-delivery-count"]?.integerValue
        try check(count == 1, "x-delivery-count \(String(describing: count)), expected 1")
        try second.ack()
        await recorder.stop()
        try await Self.expectCount(transport, queue, 0, admin: admin)
    }

    /// Cancelling a consumer returns its unsettled deliveries to the queue; the next consumer gets them,
    /// `redelivered`, in order.
    public static func cancelRequeuesUnsettled(_ transport: any RuntimeTransport, admin: TransportConformanceAdmin)
        async throws
    {
        let queue = admin.uniqueName("cancel")
        try await admin.declareQueue(queue, .init())
        _ = try await transport.publish([Self.message("", queue, id: "c1"), Self.message("", queue, id: "c2")])
            .map { try $0.get() }
        let first = DeliveryRecorder(try await transport.consume(queue: queue, prefetch: 2))
        try await first.wait(for: 2, timeout: admin.timeout, "the first deliveries")
        await first.stop()
        try await Self.expectCount(transport, queue, 2, admin: admin)

        let second = DeliveryRecorder(try await transport.consume(queue: queue, prefetch: 2))
        let deliveries = try await second.wait(for: 2, timeout: admin.timeout, "the returned deliveries")
        try check(deliveries.allSatisfy(\.redelivered), "returned deliveries are redelivered")
        try check(deliveries.map(\.properties.messageID) == ["c1", "c2"], "returned in order")
        for delivery in deliveries {
            try delivery.ack()
        }
        await second.stop()
        try await Self.expectCount(transport, queue, 0, admin: admin)
    }
}
