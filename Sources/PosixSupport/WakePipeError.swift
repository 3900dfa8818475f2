#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A system call of ``WakePipe`` failed.
public struct WakePipeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The call that failed: `pipe`, `fcntl`, `write` or `read`.
    public var operation: String
    /// The `errno` it set.
    public var errno: CInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - operation: The call that failed.
    ///   - errno: The `errno` it set.
    public init(operation: String, errno: CInt) {
        self.operation = operation
        self.errno = errno
    }

    /// `"pipe failed: errno 24 (Too many open files)"`.
    public var description: String {
        let text = strerror(self.errno).map { String(cString: $0) } ?? "unknown error"
        return "\(self.operation) failed: errno \(self.errno) (\(text))"
    }
}
