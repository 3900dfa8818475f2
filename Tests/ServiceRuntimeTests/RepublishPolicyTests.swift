import Messaging
import Testing

@testable import ServiceRuntime

/// The back-off of a refused copy, and which publish failures count as refusals.
@Suite struct RepublishPolicyTests {
    @Test func pausesDoubleUpToTheCapWithJitter() {
        var policy = RepublishPolicy()
        policy.initialBackoff = .milliseconds(100)
        policy.maxBackoff = .seconds(1)
        for _ in 0..<200 {
            #expect((.milliseconds(75)...(.milliseconds(125))).contains(policy.pause(after: 1)))
            #expect((.milliseconds(150)...(.milliseconds(250))).contains(policy.pause(after: 2)))
            #expect((.milliseconds(750)...(.milliseconds(1250))).contains(policy.pause(after: 5)))
            #expect((.milliseconds(750)...(.milliseconds(1250))).contains(policy.pause(after: Int.max)))
        }
        #expect(RepublishPolicy().holdLimit < .seconds(30 * 60))
    }

    @Test func refusalsAreTheBrokersAnswersNotAnOutage() {
        let refused: [AMQPError.Code] = [.nacked, .unroutable, .channelClosed, .invalidArgument, .libraryFailure]
        for code in refused {
            #expect(Republisher.isRefusal(AMQPError(code, operation: "publish")), "\(code)")
        }
        let unavailable: [AMQPError.Code] = [
            .connectionLost, .notConnected, .timeout, .closed, .heartbeatTimeout, .connectionClosedByServer,
            .connectionFailed,
        ]
        for code in unavailable {
            #expect(!Republisher.isRefusal(AMQPError(code, operation: "publish")), "\(code)")
        }
    }
}
