import Testing

@testable import Messaging

@Suite struct AckCoalescerTests {
    private func coalescer(delivering tags: ClosedRange<UInt64>) -> AckCoalescer {
        var coalescer = AckCoalescer()
        for tag in tags {
            coalescer.delivered(tag)
        }
        return coalescer
    }

    @Test func inOrderAcksBecomeOneMultipleAck() {
        var coalescer = self.coalescer(delivering: 1...5)
        for tag in UInt64(1)...5 {
            coalescer.acked(tag)
        }
        #expect(coalescer.flush() == [.init(deliveryTag: 5, multiple: true)])
        #expect(coalescer.outstandingCount == 0)
        #expect(coalescer.flush().isEmpty)
    }

    @Test func aSingleAckStaysSingle() {
        var coalescer = self.coalescer(delivering: 1...3)
        coalescer.acked(1)
        #expect(coalescer.flush() == [.init(deliveryTag: 1, multiple: false)])
        #expect(coalescer.outstandingCount == 2)
    }

    @Test func outOfOrderAcksAreSentAtOnceNotHeldBack() {
        var coalescer = self.coalescer(delivering: 1...5)
        // Delivery 1 is still being handled; 3 and 4 are done.
        coalescer.acked(3)
        coalescer.acked(4)
        #expect(coalescer.flush() == [.init(deliveryTag: 3, multiple: false), .init(deliveryTag: 4, multiple: false)])
        // When 1 and 2 finish, the multiple ack must stop at 2 (3 and 4 are settled; 5 is not acked).
        coalescer.acked(1)
        coalescer.acked(2)
        #expect(coalescer.flush() == [.init(deliveryTag: 2, multiple: true)])
        coalescer.acked(5)
        #expect(coalescer.flush() == [.init(deliveryTag: 5, multiple: false)])
        #expect(coalescer.outstandingCount == 0)
    }

    @Test func aMultipleAckMaySpanDeliveriesSettledOtherwise() {
        var coalescer = self.coalescer(delivering: 1...4)
        coalescer.settledDirectly(2)  // rejected by the application
        coalescer.acked(1)
        coalescer.acked(3)
        // Tag 2 is no longer outstanding on the broker, so ack(3, multiple) settles exactly 1 and 3.
        #expect(coalescer.flush() == [.init(deliveryTag: 3, multiple: true)])
        #expect(coalescer.outstandingCount == 1)
    }

    @Test func anUnackedDeliveryIsNeverCoveredByAMultipleAck() {
        var coalescer = self.coalescer(delivering: 1...3)
        coalescer.acked(1)
        coalescer.acked(3)
        let acks = coalescer.flush()
        #expect(acks == [.init(deliveryTag: 1, multiple: false), .init(deliveryTag: 3, multiple: false)])
        #expect(!acks.contains { $0.multiple && $0.deliveryTag >= 2 })
    }

    @Test func settledThroughDropsEverythingUpToTheTag() {
        var coalescer = self.coalescer(delivering: 1...6)
        coalescer.acked(2)
        coalescer.settledThrough(4)  // an explicit multiple ack or nack from the application
        #expect(coalescer.outstandingCount == 2)
        coalescer.acked(5)
        coalescer.acked(6)
        #expect(coalescer.flush() == [.init(deliveryTag: 6, multiple: true)])
    }

    @Test func directSettlementsDoNotAccumulate() {
        var coalescer = AckCoalescer()
        for tag in UInt64(1)...10_000 {
            coalescer.delivered(tag)
            coalescer.settledDirectly(tag)
        }
        #expect(coalescer.outstandingCount == 0)
    }

    @Test func resetForgetsTheOldChannel() {
        var coalescer = self.coalescer(delivering: 1...3)
        coalescer.acked(1)
        coalescer.reset()
        #expect(!coalescer.hasPending)
        #expect(coalescer.outstandingCount == 0)
    }
}
