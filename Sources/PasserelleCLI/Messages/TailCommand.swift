import ArgumentParser
import ContractMessaging
import Foundation
import JSONSchema
import Logging
import Messaging

extension Passerelle {
    /// `passerelle tail [--type T]`: prints the messages flowing through the hub, decoded, as they pass.
    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tail",
            abstract: "Print live messages, decoded (a private copy: nothing is taken from the services).",
            discussion: """
                Binds a temporary exclusive queue to the exchange of every contract message type (or only the \
                given types) and prints each message as it passes. Stop with Ctrl-C, or after --count messages.
                """)

        @Option(name: .customLong("type"), help: "Only this message type (repeatable).")
        var types: [String] = []

        @Option(help: "Exit after this many messages.")
        var count: Int?

        @Flag(help: "One JSON object per line instead of a table.")
        var json = false

        @OptionGroup var contracts: ContractsLocation
        @OptionGroup var broker: BrokerOptions

        struct Line: Encodable {
            var time: String
            var type: String
            var id: String
            var exchange: String
            var correlationId: String?
            var data: JSONValue?
        }

        func validate() throws {
            if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        }

        func run() async throws {
            let catalog = try MessageCatalog.load(contracts: self.contracts.url)
            if let unknown = self.types.first(where: { catalog.entries[$0] == nil }) {
                throw ValidationError("--type \(unknown): not a message type of the contracts")
            }
            let selected = self.types.isEmpty ? catalog.entries.keys.sorted() : self.types
            var logger = Logger(label: "passerelle.tail")
            logger.logLevel = .warning
            let connection = try await AMQPConnection.connect(try self.broker.configuration(name: "passerelle tail"), logger: logger)
            let queue = "passerelle.tail.\(UUID().uuidString.lowercased().prefix(8))"
            do {
                _ = try await connection.declareQueue(AMQPQueueSpec(queue, durable: false, exclusive: true, autoDelete: true))
                for type in selected {
                    guard let exchange = catalog.entries[type]?.exchange else { continue }
                    try await connection.bindQueue(AMQPBinding(source: exchange, destination: queue, routingKey: type))
                }
                if !self.json {
                    FileHandle.standardError.write(Data("tailing \(selected.count) message type(s) on \(queue); Ctrl-C stops\n".utf8))
                }
                let consumer = try await connection.consume(queue: queue, prefetch: 200)
                var seen = 0
                for try await delivery in consumer {
                    try delivery.ack()
                    self.print(delivery)
                    seen += 1
                    if let count, seen >= count { break }
                }
                await consumer.cancel()
                await connection.close()
            } catch {
                await connection.close()
                throw error
            }
        }

        private func print(_ delivery: AMQPDelivery) {
            let event = try? CloudEventAMQPMapping.event(properties: delivery.properties, body: delivery.body)
            let data = try? JSONValue(parsing: delivery.body)
            let line = Line(
                time: Date().formatted(.iso8601.time(includingFractionalSeconds: true)),
                type: event?.type ?? delivery.routingKey, id: event?.id ?? delivery.properties.messageID ?? "?",
                exchange: delivery.exchange, correlationId: event?.correlationID, data: data)
            if self.json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                if let text = try? encoder.encode(line) {
                    FileHandle.standardOutput.write(text + Data("\n".utf8))
                }
            } else {
                var summary = String(decoding: delivery.body, as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
                if summary.count > 140 { summary = String(summary.prefix(139)) + "…" }
                let text = "\(line.time)  \(line.type.padding(toLength: 44, withPad: " ", startingAt: 0))  \(summary)\n"
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
