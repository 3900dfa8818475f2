import Messaging
import Testing

@testable import Messaging

extension AMQPIntegration {
    /// TLS against the broker's `amqps` listener, with the CA and certificates `scripts/infra up` generates
    /// with openssl (server certificate: CN=localhost, SAN DNS:localhost and IP:127.0.0.1).
    @Suite(.timeLimit(.minutes(2)))
    struct TLSIntegrationTests {
        static let tls = IntegrationEnvironment.tlsDirectory

        static func url(host: String = "localhost", _ query: String) -> String {
            "amqps://guest:guest@\(host):\(IntegrationEnvironment.amqpsPort)/%2F?\(query)"
        }

        static func connect(_ url: String, options: AMQPConnection.Options = AMQPConnection.Options()) async throws -> AMQPConnection {
            var configuration = try AMQPConfiguration(url: url)
            configuration.connectionName = "test tls"
            return try await AMQPConnection.connect(configuration, options: options, logger: IntegrationEnvironment.logger)
        }

        @Test func verifiedTLSConnectionCarriesConfirmedMessages() async throws {
            let connection = try await Self.connect(Self.url("cacertfile=\(Self.tls)/ca.pem"))
            let queue = IntegrationEnvironment.uniqueName("tls")
            try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
            let publisher = try await connection.makePublisher()
            _ = try await publisher.publish(AMQPOutboundMessage(exchange: "", routingKey: queue, body: Array("chiffré".utf8)))
            let consumer = try await connection.consume(queue: queue, prefetch: 1)
            var iterator = consumer.makeAsyncIterator()
            let delivery = try #require(try await iterator.next())
            #expect(delivery.body == Array("chiffré".utf8))
            try delivery.ack()
            _ = try await connection.deleteQueue(queue)
            await connection.close()
        }

        @Test func clientCertificateIsPresented() async throws {
            let connection = try await Self.connect(
                Self.url("cacertfile=\(Self.tls)/ca.pem&certfile=\(Self.tls)/client.pem&keyfile=\(Self.tls)/client.key"))
            #expect(connection.state == .open)
            await connection.close()
        }

        @Test func certificateFromAnotherCAIsRefused() async throws {
            let error = await #expect(throws: AMQPError.self) {
                _ = try await Self.connect(Self.url("cacertfile=\(Self.tls)/other-ca.pem"))
            }
            #expect(error?.code == .tlsFailed)
        }

        @Test func ipLiteralMatchesTheIPSubjectAltName() async throws {
            let connection = try await Self.connect(Self.url(host: "127.0.0.1", "cacertfile=\(Self.tls)/ca.pem"))
            #expect(connection.state == .open)
            await connection.close()
        }

        @Test func wrongExpectedHostNameIsRefused() async throws {
            let error = await #expect(throws: AMQPError.self) {
                _ = try await Self.connect(
                    Self.url(host: "127.0.0.1", "cacertfile=\(Self.tls)/ca.pem&server_name_indication=broker.example.org"))
            }
            #expect(error?.code == .tlsFailed)
        }

        @Test func disablingPeerVerificationAcceptsAnUnknownCA() async throws {
            let connection = try await Self.connect(Self.url("cacertfile=\(Self.tls)/other-ca.pem&verify=verify_none"))
            #expect(connection.state == .open)
            await connection.close()
        }

        /// rabbitmq-c 0.11's own host-name check alone (OpenSSL's handshake check off). This pins what
        /// Debian's 0.11 build does, which docs/amqp.md reports: a DNS name in the certificate passes.
        @Test func libraryHostnameCheckAloneAcceptsADNSName() async throws {
            var options = AMQPConnection.Options()
            options.opensslHostnameCheck = false
            let connection = try await Self.connect(Self.url("cacertfile=\(Self.tls)/ca.pem"), options: options)
            #expect(connection.state == .open)
            await connection.close()
        }

        /// Without the OpenSSL check, rabbitmq-c 0.11 would be the only host-name check, and it reads DNS
        /// SANs only: an IP literal is refused even though the certificate names that IP. With the workaround
        /// (the default), the same connection succeeds (``ipLiteralMatchesTheIPSubjectAltName()``).
        @Test func libraryHostnameCheckAloneRefusesAnIPSubjectAltName() async throws {
            var options = AMQPConnection.Options()
            options.opensslHostnameCheck = false
            var configuration = try AMQPConfiguration(url: Self.url(host: "127.0.0.1", "cacertfile=\(Self.tls)/ca.pem"))
            configuration.connectionName = "test tls library check"
            // Force rabbitmq-c's check on for the IP literal by going below the public API.
            let error = #expect(throws: AMQPError.self) {
                _ = try RabbitConnection.open(
                    configuration, clientProperties: [:], opensslHostnameCheck: false, forceLibraryHostnameCheck: true)
            }
            #expect(error?.libraryMessage == "SSL hostname verification failed")
        }
    }
}
