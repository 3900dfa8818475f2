public import Hummingbird
public import NIOCore

/// The request context of every service route: Hummingbird's core context plus the client's address
/// (for the per-client rate limit of anonymous routes).
public struct ServiceRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address, or `unknown`.
    public var clientAddress: String { self.remoteAddress?.ipAddress ?? "unknown" }
}
