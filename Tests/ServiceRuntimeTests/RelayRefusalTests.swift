import Messaging
import Testing

@testable import ServiceRuntime

/// Which rows the relay holds back after a round with failures.
@Suite struct RelayRefusalTests {
    private struct Row: Equatable {
        var id: Int
        var exchange: String
    }

    private func channelClosed(_ text: String) -> AMQPError {
        AMQPError(.channelClosed, operation: "publish", serverReply: .init(code: 404, text: text))
    }

    @Test func aChannelRefusalHoldsBackOnlyTheRowsItNames() {
        let error = self.channelClosed("NOT_FOUND - no exchange 'gone' in vhost 'v'")
        let failed = [
            (row: Row(id: 1, exchange: "alpha.events"), error: error),
            (row: Row(id: 2, exchange: "gone"), error: error),
            (row: Row(id: 3, exchange: "alpha.events"), error: error),
        ]
        let held = OutboxRelay.refused(failed, exchange: \.exchange).map(\.row.id)
        #expect(held == [2])
    }

    @Test func whenTheReplyNamesNoRowTheFirstFailureIsHeldBack() {
        let error = self.channelClosed("PRECONDITION_FAILED - something else")
        let failed = [
            (row: Row(id: 7, exchange: "a"), error: error),
            (row: Row(id: 8, exchange: "b"), error: error),
        ]
        #expect(OutboxRelay.refused(failed, exchange: \.exchange).map(\.row.id) == [7])
    }

    @Test func nacksAndReturnsAreEachTheirOwnRowsFault() {
        let failed = [
            (row: Row(id: 1, exchange: "a"), error: AMQPError(.nacked, operation: "publish")),
            (row: Row(id: 2, exchange: "a"), error: AMQPError(.unroutable, operation: "publish")),
            (row: Row(id: 3, exchange: "b"), error: self.channelClosed("NOT_FOUND - no exchange 'b' in vhost 'v'")),
            (row: Row(id: 4, exchange: "a"), error: self.channelClosed("NOT_FOUND - no exchange 'b' in vhost 'v'")),
        ]
        #expect(OutboxRelay.refused(failed, exchange: \.exchange).map(\.row.id) == [1, 2, 3])
    }
}
