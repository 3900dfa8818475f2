/// One publish waiting to be sent or confirmed. Lives on the connection thread only.
final class PublishRequest {
    let message: AMQPOutboundMessage
    let messageID: String
    let deadline: ContinuousClock.Instant
    var attempts = 0
    var sentAt = ContinuousClock.now
    var sequenceNumber: UInt64 = 0
    private var completion: ((Result<AMQPPublishConfirmation, AMQPError>) -> Void)?

    init(
        message: AMQPOutboundMessage,
        deadline: ContinuousClock.Instant,
        completion: @escaping (Result<AMQPPublishConfirmation, AMQPError>) -> Void
    ) {
        self.message = message
        self.messageID = message.properties.messageID ?? ""
        self.deadline = deadline
        self.completion = completion
    }

    var isCompleted: Bool { self.completion == nil }

    /// Completes the publish once; later calls are ignored.
    func complete(_ result: Result<AMQPPublishConfirmation, AMQPError>) {
        guard let completion = self.completion else { return }
        self.completion = nil
        completion(result)
    }

    func fail(_ code: AMQPError.Code, cause: AMQPError?) {
        self.complete(.failure(AMQPError(
            code, operation: "publish \(self.messageID) to \(self.message.exchange)/\(self.message.routingKey)",
            serverReply: cause?.serverReply, libraryStatus: cause?.libraryStatus,
            libraryMessage: cause?.libraryMessage ?? cause.map { "\($0.code)" })))
    }
}

/// A publisher's channel: its confirm tracker, the messages waiting for window room, and the window.
final class PublisherState {
    let channel: UInt16
    let window: Int
    var tracker = ConfirmTracker<PublishRequest>()
    var channelOpen = true
    private var queue: [PublishRequest] = []
    private var queueHead = 0

    init(channel: UInt16, window: Int) {
        self.channel = channel
        self.window = window
    }

    var hasQueued: Bool { self.queueHead < self.queue.count }

    func enqueue(_ request: PublishRequest) {
        self.queue.append(request)
    }

    /// The next request to send, skipping ones that already timed out.
    func dequeue() -> PublishRequest? {
        while self.queueHead < self.queue.count {
            let request = self.queue[self.queueHead]
            self.queueHead += 1
            if self.queueHead == self.queue.count {
                self.queue.removeAll(keepingCapacity: true)
                self.queueHead = 0
            }
            if !request.isCompleted {
                return request
            }
        }
        return nil
    }

    /// Puts requests back at the front, in order (after a failed write or a lost connection).
    func requeueFront(_ requests: [PublishRequest]) {
        guard !requests.isEmpty else { return }
        self.queue.replaceSubrange(self.queueHead..<self.queueHead, with: requests)
    }

    func handleAck(deliveryTag: UInt64, multiple: Bool) {
        self.settle(self.tracker.handleAck(deliveryTag: deliveryTag, multiple: multiple))
    }

    func handleNack(deliveryTag: UInt64, multiple: Bool) {
        self.settle(self.tracker.handleNack(deliveryTag: deliveryTag, multiple: multiple))
    }

    private func settle(_ settlements: [ConfirmTracker<PublishRequest>.Settlement]) {
        let now = ContinuousClock.now
        for settlement in settlements {
            let request = settlement.token
            switch settlement.outcome {
            case .confirmed:
                request.complete(.success(AMQPPublishConfirmation(
                    messageID: request.messageID, sequenceNumber: settlement.sequenceNumber,
                    attempts: request.attempts, latency: request.sentAt.duration(to: now))))
            case .returned(let reply):
                request.complete(.failure(AMQPError(
                    .unroutable, operation: "publish \(request.messageID) to \(request.message.exchange)/\(request.message.routingKey)",
                    serverReply: reply)))
            case .nacked:
                request.fail(.nacked, cause: nil)
            }
        }
    }

    /// The connection is gone. In-flight requests fail, or go back to the queue when they asked to be
    /// republished and recovery will run.
    func connectionLost(cause: AMQPError, republish: Bool) {
        self.channelOpen = false
        var again: [PublishRequest] = []
        for pending in self.tracker.channelLost() {
            if republish && pending.token.message.republishOnRecovery {
                again.append(pending.token)
            } else {
                pending.token.fail(.connectionLost, cause: cause)
            }
        }
        self.requeueFront(again)
        if !republish {
            self.failQueued(AMQPError(.closed, operation: "publish"))
        }
    }

    /// The broker closed this channel: every in-flight publish fails with the channel error (never
    /// republished, since the same message would likely close the channel again).
    func channelClosed(_ error: AMQPError) {
        self.channelOpen = false
        for pending in self.tracker.channelLost() {
            pending.token.complete(.failure(AMQPError(
                error.code, operation: "publish \(pending.token.messageID)", serverReply: error.serverReply)))
        }
    }

    /// Fails the requests not yet sent.
    func failQueued(_ error: AMQPError) {
        while let request = self.dequeue() {
            request.fail(error.code, cause: error)
        }
    }

    /// Fails everything, sent or not.
    func failAll(_ error: AMQPError) {
        for pending in self.tracker.channelLost() {
            pending.token.fail(error.code == .closed ? .closed : .connectionLost, cause: error)
        }
        self.failQueued(error)
    }

    /// Fails requests whose deadline passed. Unsent ones were never seen by the broker; sent ones have an
    /// unknown outcome and are no longer tracked (a late ack for them is ignored).
    func expire(now: ContinuousClock.Instant) {
        for pending in self.tracker.pending where pending.token.deadline <= now {
            _ = self.tracker.abandon(sequenceNumber: pending.sequenceNumber)
            pending.token.fail(.timeout, cause: nil)
        }
        for index in self.queueHead..<self.queue.count where self.queue[index].deadline <= now {
            self.queue[index].fail(.timeout, cause: nil)
        }
    }
}
