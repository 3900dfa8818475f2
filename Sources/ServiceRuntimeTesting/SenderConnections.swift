import Logging
import Messaging

/// The test bed's publishers on the real broker, one connection per sender: the operator's (the world's
/// administrator) and, opened when first needed, each context's service user, so that RabbitMQ stamps and
/// validates the `user_id` a real sender would carry.
actor SenderConnections {
    private let world: TestWorld
    private let operatorPublisher: AMQPPublisher
    private let logger: Logger
    private var connections: [String: (AMQPConnection, AMQPPublisher)] = [:]

    init(world: TestWorld, operator: AMQPPublisher, logger: Logger) {
        self.world = world
        self.operatorPublisher = `operator`
        self.logger = logger
    }

    func publisher(for sender: ServiceTestBed.Sender) async throws -> AMQPPublisher {
        let key: String
        var configuration: AMQPConfiguration
        switch sender {
        case .owner, .operator:
            return self.operatorPublisher
        case .service(let context):
            key = context
            configuration = try self.world.serviceUser(context)
        case .unauthenticated:
            key = ""
            configuration = try self.world.guest()
            configuration.stampsUserID = false
        }
        if let open = self.connections[key] { return open.1 }
        let connection = try await AMQPConnection.connect(configuration, logger: self.logger)
        let publisher = try await connection.makePublisher()
        self.connections[key] = (connection, publisher)
        return publisher
    }

    func close() async {
        for (connection, _) in self.connections.values { await connection.close() }
        self.connections = [:]
    }
}
