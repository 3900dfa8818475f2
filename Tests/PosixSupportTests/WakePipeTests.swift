import Foundation
import Testing

@testable import PosixSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Polls `descriptor` for `events`, by default without waiting; returns the events seen.
private func ready(_ descriptor: CInt, for events: CInt = CInt(POLLIN), waiting milliseconds: CInt = 0) -> CInt {
    var entry = pollfd(fd: descriptor, events: Int16(events), revents: 0)
    let count = poll(&entry, 1, milliseconds)
    return count > 0 ? CInt(entry.revents) : 0
}

@Suite struct WakePipeTests {
    @Test func aNewPipeIsNotReadable() throws {
        let pipe = try WakePipe()
        #expect(ready(pipe.readDescriptor) == 0)
    }

    @Test func bothEndsAreNonBlockingAndCloseOnExec() throws {
        let pipe = try WakePipe()
        for descriptor in [pipe.readDescriptor, pipe.writeDescriptor] {
            #expect(fcntl(descriptor, F_GETFL) & O_NONBLOCK != 0)
            #expect(fcntl(descriptor, F_GETFD) & FD_CLOEXEC != 0)
        }
    }

    @Test func wakeMakesTheReadEndReadable() throws {
        let pipe = try WakePipe()
        pipe.wake()
        #expect(ready(pipe.readDescriptor) & CInt(POLLIN) != 0)
    }

    @Test func drainEmptiesThePipe() throws {
        let pipe = try WakePipe()
        for _ in 0..<3 { pipe.wake() }
        pipe.drain()
        #expect(ready(pipe.readDescriptor) == 0)
        pipe.drain()  // draining an empty pipe returns at once
        pipe.wake()
        #expect(ready(pipe.readDescriptor) & CInt(POLLIN) != 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func wakesDoNotBlockOnceThePipeIsFull() throws {
        let pipe = try WakePipe()
        // More bytes than any pipe buffer holds (64 KiB on Linux, at most 64 KiB on macOS): once it is full,
        // wake() must return instead of blocking.
        for _ in 0..<(256 * 1024) { pipe.wake() }
        #expect(ready(pipe.writeDescriptor, for: CInt(POLLOUT)) & CInt(POLLOUT) == 0, "the pipe is full")
        #expect(ready(pipe.readDescriptor) & CInt(POLLIN) != 0)
        pipe.drain()
        #expect(ready(pipe.readDescriptor) == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func wakeEndsAPollOnAnotherThread() async throws {
        let pipe = try WakePipe()
        let events = await withCheckedContinuation { (continuation: CheckedContinuation<CInt, Never>) in
            let thread = Thread { continuation.resume(returning: ready(pipe.readDescriptor, waiting: 30_000)) }
            thread.start()
            pipe.wake()
        }
        #expect(events & CInt(POLLIN) != 0)
    }

    // A copy of one end stays open after close(), so the other end's state shows what close() did to it
    // (checking the original numbers would race with descriptors opened by tests running in parallel).

    @Test func closeClosesTheWriteEnd() throws {
        let pipe = try WakePipe()
        let readCopy = dup(pipe.readDescriptor)
        defer { _ = close(readCopy) }
        pipe.close()
        var byte: UInt8 = 0
        // No writer left: the read end sees end of file instead of EAGAIN.
        #expect(read(readCopy, &byte, 1) == 0)
    }

    @Test func closeClosesTheReadEnd() throws {
        let pipe = try WakePipe()
        let writeCopy = dup(pipe.writeDescriptor)
        defer { _ = close(writeCopy) }
        pipe.close()
        // No reader left: polling the write end reports an error.
        #expect(ready(writeCopy, for: CInt(POLLOUT)) & CInt(POLLERR) != 0)
    }

    @Test func wakeAndDrainDoNothingAfterClose() throws {
        let pipe = try WakePipe()
        pipe.close()
        pipe.wake()
        pipe.drain()
        pipe.close()  // a second close does nothing either
    }

    @Test func deinitClosesBothEnds() throws {
        var pipe: WakePipe? = try WakePipe()
        let readCopy = dup(pipe!.readDescriptor)
        defer { _ = close(readCopy) }
        pipe = nil
        var byte: UInt8 = 0
        #expect(read(readCopy, &byte, 1) == 0)
    }

    @Test func errorsNameTheCallAndTheErrno() {
        let error = WakePipeError(operation: "pipe", errno: EMFILE)
        #expect(error.description.hasPrefix("pipe failed: errno \(EMFILE) ("))
    }
}
