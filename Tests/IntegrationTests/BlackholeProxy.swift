import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on 127.0.0.1 in front of the broker, for simulating a network cut: after ``cut()``, the
/// connections open at that moment stay open but carry nothing in either direction (no FIN, no RST), as
/// when a cable is pulled. New connections go through normally.
final class BlackholeProxy: Sendable {
    private struct State {
        var cutBefore = 0
        var nextID = 0
        var descriptors: [Int32] = []
        var stopped = false
    }

    private let state = Mutex(State())
    private let listener: Int32
    /// The port clients connect to.
    let port: Int
    private let targetPort: Int

    init(targetPort: Int) throws {
        self.targetPort = targetPort
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        let thread = Thread { [self] in self.acceptLoop() }
        thread.start()
    }

    /// Blackholes every connection open now.
    func cut() {
        self.state.withLock { $0.cutBefore = $0.nextID }
    }

    /// Closes everything.
    func stop() {
        let descriptors = self.state.withLock { state -> [Int32] in
            state.stopped = true
            return state.descriptors
        }
        shutdown(self.listener, Int32(SHUT_RDWR))
        close(self.listener)
        for fd in descriptors {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(self.listener, nil, nil)
            guard client >= 0 else { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: self.targetPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(client)
                close(upstream)
                continue
            }
            let id = self.state.withLock { state -> Int? in
                guard !state.stopped else { return nil }
                state.descriptors += [client, upstream]
                defer { state.nextID += 1 }
                return state.nextID
            }
            guard let id else { return }
            for (from, to) in [(client, upstream), (upstream, client)] {
                Thread { [self] in self.pump(id: id, from: from, to: to) }.start()
            }
        }
    }

    private func pump(id: Int, from: Int32, to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            var descriptor = pollfd(fd: from, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            let (cut, stopped) = self.state.withLock { (id < $0.cutBefore, $0.stopped) }
            if stopped { return }
            if cut {
                // Keep the sockets open and forward nothing.
                usleep(100_000)
                continue
            }
            guard ready > 0 else { continue }
            let count = read(from, &buffer, buffer.count)
            guard count > 0 else {
                shutdown(to, Int32(SHUT_WR))
                return
            }
            var offset = 0
            while offset < count {
                let written = buffer[offset..<count].withUnsafeBytes { write(to, $0.baseAddress, $0.count) }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
