import Testing

@testable import Storage

@Suite struct PoolStateMachineTests {
    final class FakeConnection {
        let id: Int

        init(_ id: Int) {
            self.id = id
        }
    }

    typealias Pool = PoolStateMachine<FakeConnection>

    func openSlot(_ action: Pool.AcquireAction?) -> Bool {
        if case .lease(.openSlot) = action { return true }
        return false
    }

    func leased(_ action: Pool.AcquireAction?) -> FakeConnection? {
        if case .lease(.connection(let connection)) = action { return connection }
        return nil
    }

    @Test func opensUpToTheSizeThenQueuesWaitersInOrder() {
        var pool = Pool(maxConnections: 2)
        let (a, b) = (FakeConnection(1), FakeConnection(2))
        let firstSlot = pool.tryAcquire()
        #expect(self.openSlot(firstSlot))
        let openedA = pool.opened(a)
        let secondSlot = pool.acquire(waiter: 0)
        #expect(self.openSlot(secondSlot))
        let openedB = pool.opened(b)
        #expect(openedA && openedB)
        let full = pool.tryAcquire()
        #expect(full == nil)
        guard case .wait = pool.acquire(waiter: 1), case .wait = pool.acquire(waiter: 2) else {
            Issue.record("expected waiters")
            return
        }
        #expect(pool.total == 2 && pool.waiterCount == 2)
        let handedOver = pool.release(a, reusable: true)
        #expect(handedOver.close == nil)
        #expect(handedOver.resume?.waiter == 1)
        if case .connection(let connection) = handedOver.resume?.lease {
            #expect(connection === a)
        } else {
            Issue.record("expected the released connection")
        }
        let replaced = pool.release(b, reusable: false)
        #expect(replaced.close === b)
        #expect(replaced.resume?.waiter == 2)
        if case .openSlot = replaced.resume?.lease {} else { Issue.record("expected an open slot") }
        #expect(pool.total == 2 && pool.waiterCount == 0)
    }

    @Test func idleConnectionsAreReusedLastInFirstOut() {
        var pool = Pool(maxConnections: 3)
        let connections = (1...3).map(FakeConnection.init)
        for connection in connections {
            _ = pool.tryAcquire()
            _ = pool.opened(connection)
        }
        for connection in connections {
            let effects = pool.release(connection, reusable: true)
            #expect(effects.resume == nil)
        }
        #expect(pool.idleCount == 3)
        let reused = pool.tryAcquire()
        #expect(self.leased(reused) === connections[2])
    }

    @Test func failedOpenHandsItsSlotToTheNextWaiter() {
        var pool = Pool(maxConnections: 1)
        let slot = pool.tryAcquire()
        #expect(self.openSlot(slot))
        _ = pool.acquire(waiter: 7)
        let effects = pool.openFailed()
        #expect(effects.resume?.waiter == 7)
        #expect(pool.total == 1)
        let nothing = pool.openFailed()
        #expect(nothing.resume == nil && pool.total == 0)
    }

    @Test func timedOutWaiterIsRemovedOnlyOnce() {
        var pool = Pool(maxConnections: 1)
        _ = pool.tryAcquire()
        _ = pool.acquire(waiter: 3)
        let removed = pool.removeWaiter(3)
        let removedAgain = pool.removeWaiter(3)
        #expect(removed && !removedAgain)
        #expect(pool.waiterCount == 0)
    }

    @Test func closingFailsWaitersClosesIdleAndLaterReturns() {
        var pool = Pool(maxConnections: 2)
        let (a, b) = (FakeConnection(1), FakeConnection(2))
        _ = pool.tryAcquire()
        _ = pool.opened(a)
        _ = pool.tryAcquire()
        _ = pool.opened(b)
        _ = pool.release(a, reusable: true)
        _ = pool.tryAcquire()  // takes a back
        _ = pool.release(a, reusable: true)
        _ = pool.acquire(waiter: 9)
        #expect(pool.waiterCount == 0)  // a was idle, so no wait was needed
        let (idle, waiters) = pool.close()
        #expect(idle.isEmpty && waiters.isEmpty)
        let closeA = pool.release(a, reusable: true).close
        let closeB = pool.release(b, reusable: true).close
        #expect(closeA === a && closeB === b)
        guard case .closed = pool.tryAcquire() else {
            Issue.record("a closed pool must refuse")
            return
        }
        let kept = pool.opened(FakeConnection(3))
        #expect(!kept)
    }
}
