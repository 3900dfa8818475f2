import Testing

@testable import Messaging

@Suite struct ConfirmTrackerTests {
    private func tracker(publishing count: Int) -> ConfirmTracker<Int> {
        var tracker = ConfirmTracker<Int>()
        for index in 1...count {
            #expect(tracker.recordPublish(messageID: "m-\(index)", token: index) == UInt64(index))
        }
        return tracker
    }

    private func confirmed(_ settlements: [ConfirmTracker<Int>.Settlement]) -> [Int] {
        settlements.compactMap { if case .confirmed = $0.outcome { return $0.token } else { return nil } }
    }

    @Test func singleAckSettlesOnlyItsSequenceNumber() {
        var tracker = self.tracker(publishing: 3)
        #expect(self.confirmed(tracker.handleAck(deliveryTag: 2, multiple: false)) == [2])
        #expect(tracker.inFlight == 2)
        #expect(tracker.pending.map(\.token) == [1, 3])
    }

    @Test func multipleAckSettlesEverythingUpToTheTag() {
        var tracker = self.tracker(publishing: 5)
        _ = tracker.handleAck(deliveryTag: 2, multiple: false)
        #expect(self.confirmed(tracker.handleAck(deliveryTag: 4, multiple: true)) == [1, 3, 4])
        #expect(tracker.pending.map(\.token) == [5])
        #expect(tracker.unknownSettlements == 0)
    }

    @Test func multipleAckBeyondTheLastPublishSettlesAll() {
        var tracker = self.tracker(publishing: 3)
        #expect(self.confirmed(tracker.handleAck(deliveryTag: 99, multiple: true)) == [1, 2, 3])
        #expect(tracker.inFlight == 0)
    }

    @Test func nackFailsInsteadOfConfirming() {
        var tracker = self.tracker(publishing: 3)
        let settled = tracker.handleNack(deliveryTag: 2, multiple: true)
        #expect(settled.map(\.token) == [1, 2])
        #expect(settled.allSatisfy { if case .nacked = $0.outcome { true } else { false } })
        #expect(tracker.pending.map(\.token) == [3])
    }

    @Test func returnThenAckIsReportedAsReturnedNeverConfirmed() {
        var tracker = self.tracker(publishing: 3)
        let reply = AMQPError.ServerReply(code: 312, text: "NO_ROUTE")
        let matched = tracker.handleReturn(messageID: "m-2", reply: reply)
        #expect(matched)
        let settled = tracker.handleAck(deliveryTag: 3, multiple: true)
        #expect(settled.map(\.token) == [1, 2, 3])
        guard case .returned(let returned) = settled[1].outcome else {
            Issue.record("message 2 should be returned, got \(settled[1].outcome)")
            return
        }
        #expect(returned.code == 312)
        #expect(self.confirmed(settled) == [1, 3])
    }

    @Test func returnMatchesTheOldestUnreturnedPublishWithThatID() {
        var tracker = ConfirmTracker<Int>()
        _ = tracker.recordPublish(messageID: "same", token: 1)
        _ = tracker.recordPublish(messageID: "same", token: 2)
        let reply = AMQPError.ServerReply(code: 312, text: "NO_ROUTE")
        let first = tracker.handleReturn(messageID: "same", reply: reply)
        let second = tracker.handleReturn(messageID: "same", reply: reply)
        let third = tracker.handleReturn(messageID: "same", reply: reply)
        #expect(first && second && !third)
        #expect(self.confirmed(tracker.handleAck(deliveryTag: 2, multiple: true)).isEmpty)
    }

    @Test func returnForAnUnknownIDIsRefused() {
        var tracker = self.tracker(publishing: 1)
        let matched = tracker.handleReturn(messageID: "nope", reply: .init(code: 312, text: "NO_ROUTE"))
        #expect(!matched)
    }

    @Test func lossWithMessagesInFlightConfirmsNothingAndResetsNumbering() {
        var tracker = self.tracker(publishing: 4)
        _ = tracker.handleAck(deliveryTag: 1, multiple: false)
        let lost = tracker.channelLost()
        #expect(lost.map(\.token) == [2, 3, 4])
        #expect(tracker.inFlight == 0)
        #expect(tracker.nextSequenceNumber == 1)
        // An ack that arrives for the old channel's numbering must not confirm a new publish by accident.
        #expect(tracker.handleAck(deliveryTag: 3, multiple: true).isEmpty)
        #expect(tracker.unknownSettlements == 1)
    }

    @Test func duplicateAckIsCountedAndIgnored() {
        var tracker = self.tracker(publishing: 2)
        #expect(tracker.handleAck(deliveryTag: 1, multiple: false).count == 1)
        #expect(tracker.handleAck(deliveryTag: 1, multiple: false).isEmpty)
        #expect(tracker.unknownSettlements == 1)
        #expect(tracker.inFlight == 1)
    }

    @Test func abandonedPublishIsNotSettledByALateAck() {
        var tracker = self.tracker(publishing: 3)
        let abandoned = tracker.abandon(sequenceNumber: 2)
        let again = tracker.abandon(sequenceNumber: 2)
        #expect(abandoned?.token == 2)
        #expect(again == nil)
        #expect(tracker.handleAck(deliveryTag: 3, multiple: true).map(\.token) == [1, 3])
    }

    @Test func longRunsKeepNumberingAcrossCompaction() {
        var tracker = ConfirmTracker<Int>()
        var confirmedCount = 0
        for index in 1...20_000 {
            let sequence = tracker.recordPublish(messageID: "m-\(index)", token: index)
            #expect(sequence == UInt64(index))
            if index % 7 == 0 {
                confirmedCount += self.confirmed(tracker.handleAck(deliveryTag: sequence, multiple: true)).count
            }
        }
        confirmedCount += self.confirmed(tracker.handleAck(deliveryTag: 20_000, multiple: true)).count
        #expect(confirmedCount == 20_000)
        #expect(tracker.inFlight == 0)
    }
}
