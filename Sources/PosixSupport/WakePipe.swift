import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A self-pipe that wakes a thread blocked in `poll(2)`.
///
/// The sleeping thread polls ``readDescriptor`` for `POLLIN` along with its other descriptors and calls
/// ``drain()`` once `poll(2)` returns. Any other thread calls ``wake()`` to end that `poll(2)` early. Both ends
/// are non-blocking and close-on-exec, and are closed by ``close()`` or, at the latest, by `deinit`.
///
/// ```swift
/// var descriptors = [pollfd(fd: pipe.readDescriptor, events: Int16(POLLIN), revents: 0), socket]
/// _ = poll(&descriptors, nfds_t(descriptors.count), timeout)
/// pipe.drain()
/// ```
///
/// ### Errors
///
/// Creating the pipe can fail for ordinary reasons (`EMFILE`, `ENFILE`: too many open descriptors), so
/// ``init()`` throws. After that, `write(2)` and `read(2)` on a pipe this object created and still owns can
/// only fail with `EINTR` (retried) or `EAGAIN`/`EWOULDBLOCK` (full for ``wake()``: the reader will wake
/// anyway; empty for ``drain()``: done). Every other errno (`EBADF`, `EPIPE`, `EINVAL`, `EFAULT`) means the
/// descriptor is no longer this pipe: something else in the process closed it, and its number may already
/// name another file. That is a bug, not a condition a caller could handle, and carrying on would either
/// write a byte into someone else's file or leave a thread asleep that should have woken. So ``wake()`` and
/// ``drain()`` stop the process with a precondition failure naming the errno, as SwiftNIO does for `EBADF`
/// (`isUnacceptableErrno` in `NIOPosix/System.swift`), and nothing is silently ignored.
///
/// `Sendable`: the descriptors never change, and ``wake()``, ``drain()`` and ``close()`` take one lock, so a
/// descriptor is never used after it was closed (its number could be reused by another open).
///
/// > Note: The pipe is made with `pipe(2)` then `fcntl(2)` because Swift's `Glibc` module does not export
/// > `pipe2(2)`: a `fork`/`exec` on another thread between the two calls could inherit the descriptors. The
/// > services never exec.
public final class WakePipe: Sendable {
    /// The read end, to poll for `POLLIN`. Valid until ``close()``.
    public let readDescriptor: CInt
    /// The write end, written by ``wake()``.
    let writeDescriptor: CInt
    private let isClosed = Mutex(false)

    /// Creates the pipe, both ends non-blocking and close-on-exec.
    ///
    /// - Throws: ``WakePipeError`` when `pipe(2)` or `fcntl(2)` fails (for example `EMFILE`).
    public init() throws(WakePipeError) {
        var descriptors: [CInt] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw WakePipeError(operation: "pipe", errno: errno) }
        for descriptor in descriptors {
            let flags = fcntl(descriptor, F_GETFL)
            guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0,
                fcntl(descriptor, F_SETFD, FD_CLOEXEC) == 0
            else {
                let error = WakePipeError(operation: "fcntl", errno: errno)
                _ = Self.closeDescriptor(descriptors[0])
                _ = Self.closeDescriptor(descriptors[1])
                throw error
            }
        }
        self.readDescriptor = descriptors[0]
        self.writeDescriptor = descriptors[1]
    }

    deinit {
        self.close()
    }

    /// Makes ``readDescriptor`` readable, so a `poll(2)` on it returns.
    ///
    /// Never blocks. When the pipe is full, earlier wake-ups are still unread and the reader will wake
    /// anyway, so this one is dropped. Does nothing after ``close()``. Safe to call from any thread.
    ///
    /// > Important: Any errno other than `EINTR` and `EAGAIN` is a precondition failure (see the type's
    /// > documentation).
    public func wake() {
        self.isClosed.withLock { isClosed in
            guard !isClosed else { return }
            var byte: UInt8 = 1
            while true {
                if write(self.writeDescriptor, &byte, 1) == 1 { return }
                let code = errno
                switch code {
                case EINTR:
                    continue
                case EAGAIN, EWOULDBLOCK:
                    return  // full: the reader has wake-ups pending already
                default:
                    preconditionFailure("write to a wake pipe failed: \(WakePipeError(operation: "write", errno: code))")
                }
            }
        }
    }

    /// Reads every pending wake-up, so the next `poll(2)` sleeps until the next ``wake()``.
    ///
    /// Never blocks. Does nothing after ``close()``.
    ///
    /// > Important: Any errno other than `EINTR` and `EAGAIN` is a precondition failure (see the type's
    /// > documentation).
    public func drain() {
        self.isClosed.withLock { isClosed in
            guard !isClosed else { return }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
                while true {
                    let count = read(self.readDescriptor, buffer.baseAddress, buffer.count)
                    if count > 0 { continue }
                    let code = errno
                    if count == 0 { return }  // no writer left; cannot happen while the pipe is open
                    switch code {
                    case EINTR:
                        continue
                    case EAGAIN, EWOULDBLOCK:
                        return
                    default:
                        preconditionFailure(
                            "read from a wake pipe failed: \(WakePipeError(operation: "read", errno: code))")
                    }
                }
            }
        }
    }

    /// Closes both ends. Later ``wake()`` and ``drain()`` calls do nothing. Safe to call more than once.
    ///
    /// > Warning: Call it only once no thread polls ``readDescriptor`` any more: a closed descriptor's number
    /// > can be given to the next file opened.
    public func close() {
        self.isClosed.withLock { isClosed in
            guard !isClosed else { return }
            isClosed = true
            // close(2): on Linux the descriptor is released even when close reports EINTR, so never retry.
            let writeClosed = Self.closeDescriptor(self.writeDescriptor)
            let readClosed = Self.closeDescriptor(self.readDescriptor)
            precondition(writeClosed && readClosed, "a wake pipe descriptor was already closed elsewhere (EBADF)")
        }
    }

    /// `close(2)`; `false` only for `EBADF` (the descriptor was not open: a bug).
    private static func closeDescriptor(_ descriptor: CInt) -> Bool {
        #if canImport(Darwin)
        let result = Darwin.close(descriptor)
        #elseif canImport(Musl)
        let result = Musl.close(descriptor)
        #else
        let result = Glibc.close(descriptor)
        #endif
        return result == 0 || errno != EBADF
    }
}
