/// Publisher-confirm bookkeeping for one channel, with no I/O.
///
/// After `confirm.select`, the broker numbers the channel's publishes 1, 2, 3, … and settles each with
/// `basic.ack` or `basic.nack`, possibly for several at once (`multiple`). A mandatory message that no
/// queue accepts comes back first as `basic.return` (which has no sequence number, so it is correlated
/// by message id), and is then acked: that ack settles it as *returned*, never as confirmed.
///
/// `Token` is whatever the caller needs to complete the publish (a continuation slot, an index).
struct ConfirmTracker<Token> {
    /// How a publish ended.
    enum Outcome {
        /// `basic.ack` for a message that was not returned.
        case confirmed
        /// `basic.return` then `basic.ack` (or `basic.nack`): no queue took the message.
        case returned(AMQPError.ServerReply)
        /// `basic.nack`: the broker did not take responsibility for the message.
        case nacked
    }

    /// One settled publish.
    struct Settlement {
        var sequenceNumber: UInt64
        var token: Token
        var outcome: Outcome
    }

    /// One publish that was sent but not yet settled.
    struct Pending {
        var sequenceNumber: UInt64
        var messageID: String
        var token: Token
        var returned: AMQPError.ServerReply?
    }

    /// Entries in sequence order; `nil` once settled. `slots[i]` has sequence number `base + i`.
    private var slots: [Pending?] = []
    private var head = 0
    private var base: UInt64 = 1
    /// The sequence number the next publish gets.
    private(set) var nextSequenceNumber: UInt64 = 1
    /// How many publishes are sent and unsettled.
    private(set) var inFlight = 0
    /// Acks and nacks that named no unsettled publish (a broker or bookkeeping bug; counted, ignored).
    private(set) var unknownSettlements = 0

    /// Records a publish that was just written to the socket.
    ///
    /// - Parameters:
    ///   - messageID: The message id it was sent with, used to correlate a `basic.return`.
    ///   - token: What the caller needs to complete it.
    /// - Returns: Its sequence number.
    mutating func recordPublish(messageID: String, token: Token) -> UInt64 {
        let sequenceNumber = self.nextSequenceNumber
        self.nextSequenceNumber += 1
        self.slots.append(Pending(sequenceNumber: sequenceNumber, messageID: messageID, token: token))
        self.inFlight += 1
        return sequenceNumber
    }

    /// Handles `basic.return`: marks the oldest unsettled, not yet returned publish with this message id.
    ///
    /// - Parameters:
    ///   - messageID: The `message_id` property of the returned message.
    ///   - reply: The reply code and text (usually 312 NO_ROUTE).
    /// - Returns: `false` when no unsettled publish has that id.
    mutating func handleReturn(messageID: String, reply: AMQPError.ServerReply) -> Bool {
        for index in self.head..<self.slots.count {
            if let pending = self.slots[index], pending.messageID == messageID, pending.returned == nil {
                self.slots[index]?.returned = reply
                return true
            }
        }
        return false
    }

    /// Handles `basic.ack`.
    ///
    /// - Parameters:
    ///   - deliveryTag: The sequence number acked.
    ///   - multiple: Whether every sequence number up to and including it is acked.
    /// - Returns: The publishes this settles, in sequence order.
    mutating func handleAck(deliveryTag: UInt64, multiple: Bool) -> [Settlement] {
        self.settle(deliveryTag: deliveryTag, multiple: multiple) { pending in
            if let reply = pending.returned {
                return .returned(reply)
            }
            return .confirmed
        }
    }

    /// Handles `basic.nack`.
    ///
    /// - Parameters:
    ///   - deliveryTag: The sequence number nacked.
    ///   - multiple: Whether every sequence number up to and including it is nacked.
    /// - Returns: The publishes this settles, in sequence order.
    mutating func handleNack(deliveryTag: UInt64, multiple: Bool) -> [Settlement] {
        self.settle(deliveryTag: deliveryTag, multiple: multiple) { pending in
            if let reply = pending.returned {
                return .returned(reply)
            }
            return .nacked
        }
    }

    /// Handles the loss of the channel or connection: every unsettled publish now has an unknown
    /// outcome. The tracker is reset, so the next channel starts again at sequence number 1.
    ///
    /// - Returns: The unsettled publishes, in sequence order. None of them is confirmed.
    mutating func channelLost() -> [Pending] {
        let lost = self.slots[self.head...].compactMap { $0 }
        self = ConfirmTracker()
        return lost
    }

    /// Removes an unsettled publish without an outcome (its caller gave up waiting). A later ack for it
    /// is ignored.
    ///
    /// - Parameter sequenceNumber: The publish to forget.
    /// - Returns: The removed entry, or `nil` if it was already settled.
    mutating func abandon(sequenceNumber: UInt64) -> Pending? {
        guard let index = self.index(of: sequenceNumber), let pending = self.slots[index] else {
            return nil
        }
        self.slots[index] = nil
        self.inFlight -= 1
        self.compact()
        return pending
    }

    /// The unsettled publishes, in sequence order.
    var pending: [Pending] { self.slots[self.head...].compactMap { $0 } }

    private func index(of sequenceNumber: UInt64) -> Int? {
        guard sequenceNumber >= self.base else { return nil }
        let index = Int(sequenceNumber - self.base)
        return index >= self.head && index < self.slots.count ? index : nil
    }

    private mutating func settle(
        deliveryTag: UInt64,
        multiple: Bool,
        outcome: (Pending) -> Outcome
    ) -> [Settlement] {
        var settled: [Settlement] = []
        if multiple {
            guard deliveryTag >= self.base else { return [] }
            let last = min(Int(deliveryTag - self.base), self.slots.count - 1)
            if last >= self.head {
                for index in self.head...last {
                    if let pending = self.slots[index] {
                        settled.append(Settlement(
                            sequenceNumber: pending.sequenceNumber, token: pending.token, outcome: outcome(pending)))
                        self.slots[index] = nil
                    }
                }
            }
        } else if let index = self.index(of: deliveryTag), let pending = self.slots[index] {
            settled.append(Settlement(sequenceNumber: pending.sequenceNumber, token: pending.token, outcome: outcome(pending)))
            self.slots[index] = nil
        }
        if settled.isEmpty {
            self.unknownSettlements += 1
        }
        self.inFlight -= settled.count
        self.compact()
        return settled
    }

    /// Drops settled slots at the head, and reclaims memory once the dead prefix is large.
    private mutating func compact() {
        while self.head < self.slots.count, self.slots[self.head] == nil {
            self.head += 1
        }
        if self.head == self.slots.count {
            self.base += UInt64(self.head)
            self.slots.removeAll(keepingCapacity: true)
            self.head = 0
        } else if self.head > 4096, self.head * 2 > self.slots.count {
            self.base += UInt64(self.head)
            self.slots.removeFirst(self.head)
            self.head = 0
        }
    }
}
