/// Turns a consumer's single acks into fewer `basic.ack` frames, with no I/O.
///
/// Deliveries arrive with increasing tags. When the application has acked every delivery up to tag *t*
/// that is still outstanding, one `basic.ack(t, multiple: true)` settles them all, which is what the broker
/// would have recorded after the individual acks. Acks that arrive out of order (an earlier delivery is
/// still being handled) are sent one by one at once, so no ack is ever held back waiting for a slow
/// message and the prefetch window never stalls.
///
/// Nacks and rejects are never coalesced; call ``flush()`` before sending one, so an ack queued here is
/// not overtaken by a `multiple` nack that would settle the same delivery the other way.
struct AckCoalescer {
    /// What to send to the broker.
    struct Ack: Equatable {
        var deliveryTag: UInt64
        var multiple: Bool
    }

    /// Delivered, not yet settled on the broker, in delivery order; `head` is the first live index.
    private var outstanding: [UInt64] = []
    private var head = 0
    /// Acked by the application, not yet sent.
    private var ready: Set<UInt64> = []
    /// Settled on the broker already (sent individually, nacked or rejected) but still in `outstanding`.
    private var settled: Set<UInt64> = []

    /// Records a delivery handed to the application.
    mutating func delivered(_ tag: UInt64) {
        self.outstanding.append(tag)
    }

    /// Records an application ack of one delivery; it is sent on the next ``flush()``.
    mutating func acked(_ tag: UInt64) {
        self.ready.insert(tag)
    }

    /// Whether acks are waiting for ``flush()``.
    var hasPending: Bool { !self.ready.isEmpty }

    /// Records that a delivery was settled on the broker directly (a single nack, reject or ack).
    mutating func settledDirectly(_ tag: UInt64) {
        self.settled.insert(tag)
        self.dropSettledPrefix()
    }

    /// Records that every delivery up to `tag` was settled on the broker (a `multiple` ack or nack).
    mutating func settledThrough(_ tag: UInt64) {
        while self.head < self.outstanding.count, self.outstanding[self.head] <= tag {
            self.settled.remove(self.outstanding[self.head])
            self.ready.remove(self.outstanding[self.head])
            self.head += 1
        }
        self.compact()
    }

    /// The frames that settle every ack recorded so far: at most one `multiple` ack for the in-order
    /// prefix, then one single ack per out-of-order delivery.
    mutating func flush() -> [Ack] {
        guard !self.ready.isEmpty else { return [] }
        var acks: [Ack] = []
        var last: UInt64?
        var count = 0
        while self.head < self.outstanding.count {
            let tag = self.outstanding[self.head]
            if self.settled.remove(tag) != nil {
                self.head += 1
            } else if self.ready.remove(tag) != nil {
                last = tag
                count += 1
                self.head += 1
            } else {
                break
            }
        }
        if let last {
            acks.append(Ack(deliveryTag: last, multiple: count > 1))
        }
        for tag in self.ready.sorted() {
            acks.append(Ack(deliveryTag: tag, multiple: false))
            self.settled.insert(tag)
        }
        self.ready.removeAll(keepingCapacity: true)
        self.dropSettledPrefix()
        return acks
    }

    /// The number of deliveries tracked as outstanding (bounded by the prefetch).
    var outstandingCount: Int { self.outstanding.count - self.head }

    private mutating func dropSettledPrefix() {
        while self.head < self.outstanding.count, self.settled.remove(self.outstanding[self.head]) != nil {
            self.head += 1
        }
        self.compact()
    }

    /// Forgets everything (the channel was reopened: old tags mean nothing there).
    mutating func reset() {
        self = AckCoalescer()
    }

    private mutating func compact() {
        if self.head == self.outstanding.count {
            self.outstanding.removeAll(keepingCapacity: true)
            self.head = 0
        } else if self.head > 1024, self.head * 2 > self.outstanding.count {
            self.outstanding.removeFirst(self.head)
            self.head = 0
        }
    }
}
