extension ConnectionDriver {
    /// Opens a confirm-mode channel for a new publisher.
    func openPublisher(window: Int) -> Result<UInt16, AMQPError> {
        guard !self.finished, self.closing == nil else { return .failure(AMQPError(.closed, operation: "open publisher")) }
        guard let raw = self.raw else { return .failure(AMQPError(.notConnected, operation: "open publisher")) }
        guard let channel = self.allocateChannel() else {
            return .failure(AMQPError(.invalidArgument, operation: "open publisher: no free channel"))
        }
        do {
            try raw.openChannel(channel)
            try raw.confirmSelect(channel)
        } catch {
            self.absorb(error, channel: channel)
            self.releaseChannel(channel)
            return .failure(error)
        }
        self.publishers[channel] = PublisherState(channel: channel, window: window)
        return .success(channel)
    }

    /// Closes a publisher's channel once its in-flight messages are settled (or fails them).
    func closePublisher(_ channel: UInt16) {
        guard let publisher = self.publishers.removeValue(forKey: channel) else { return }
        publisher.failAll(AMQPError(.closed, operation: "publisher closed"))
        if let raw = self.raw, publisher.channelOpen {
            do {
                try raw.closeChannel(channel)
            } catch {
                self.absorb(error, channel: channel)
            }
        }
        self.releaseChannel(channel)
    }

    /// Queues a publish on a publisher's channel; it is written once the window has room.
    func enqueuePublish(
        channel: UInt16,
        _ message: AMQPOutboundMessage,
        deadline: ContinuousClock.Instant? = nil,
        completion: @escaping (Result<AMQPPublishConfirmation, AMQPError>) -> Void
    ) {
        let request = PublishRequest(
            message: message, deadline: deadline ?? .now.advanced(by: self.options.publishTimeout),
            completion: completion)
        guard !self.finished, self.closing == nil else {
            request.fail(.closed, cause: nil)
            return
        }
        guard let publisher = self.publishers[channel] else {
            request.fail(.closed, cause: AMQPError(.closed, operation: "publisher closed"))
            return
        }
        publisher.enqueue(request)
    }

    /// Writes queued messages while each publisher's window has room.
    func flushPublishes() {
        guard !self.blocked, let raw = self.raw else { return }
        var corked = false
        defer {
            if corked { self.raw?.setCorked(false) }
        }
        for publisher in self.publishers.values where publisher.channelOpen {
            if !corked, publisher.hasQueued, publisher.tracker.inFlight + 1 < publisher.window {
                raw.setCorked(true)
                corked = true
            }
            while publisher.tracker.inFlight < publisher.window, let request = publisher.dequeue() {
                guard let raw = self.raw else {
                    publisher.requeueFront([request])
                    return
                }
                var properties = request.message.properties
                if self.configuration.stampsUserID, properties.userID == nil {
                    properties.userID = self.configuration.username
                }
                do {
                    try raw.publish(publisher.channel, request.message, properties: properties)
                } catch where error.code == .invalidArgument {
                    request.complete(.failure(error))
                    continue
                } catch {
                    publisher.requeueFront([request])
                    self.connectionLost(error)
                    return
                }
                request.attempts += 1
                request.sentAt = .now
                request.sequenceNumber = publisher.tracker.recordPublish(messageID: request.messageID, token: request)
            }
        }
    }

    /// The broker closed a publisher's channel: fail its in-flight messages, then reopen it in confirm mode.
    func publisherChannelClosed(_ channel: UInt16, error: AMQPError) {
        guard let publisher = self.publishers[channel] else { return }
        publisher.channelClosed(error)
        guard let raw = self.raw else { return }
        do {
            try raw.openChannel(channel)
            try raw.confirmSelect(channel)
            publisher.channelOpen = true
        } catch {
            self.absorb(error, channel: channel)
        }
    }
}
