import Testing

/// The parent of every suite that talks to the real RabbitMQ. Its suites run one after another: some of
/// them close connections or restart the broker, which would disturb tests running beside them.
@Suite(.enabled(if: IntegrationEnvironment.isConfigured), .serialized)
enum AMQPIntegration {}
