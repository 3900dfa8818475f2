import ArgumentParser
import ContractMessaging
import Foundation
import JSONSchema
import Logging
import Messaging

extension Passerelle {
    /// `passerelle send TYPE --file F`: validates a command or event against its contract and publishes it
    /// with a publisher confirm.
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Validate a message against its contract and publish it with a confirm.",
            discussion: """
                The file holds the payload (the CloudEvents data) as JSON; '-' reads standard input. The message \
                goes to the exchange of its type with the type as routing key. Exit 0 when the broker confirmed it, \
                1 when the contract refuses it or the broker does not confirm it, 2 on a usage error.
                """)

        @Argument(help: "The message type, e.g. procurement.tender.publish.v1.")
        var type: String

        @Option(name: .shortAndLong, help: "The JSON payload file, or - for standard input.")
        var file: String

        @Option(help: "The message id (default: a new UUID).")
        var id: String?

        @Option(help: "The CloudEvents source (default: /cli/passerelle).")
        var source = "/cli/passerelle"

        @Option(help: "The token of the person the command is made for (x-passerelle-actor-token; `passerelle token issue`).")
        var actorToken: String?

        @OptionGroup var contracts: ContractsLocation
        @OptionGroup var broker: BrokerOptions

        @Flag(help: "Print the result as JSON.")
        var json = false

        struct Result: Encodable {
            var type: String
            var id: String
            var exchange: String
            var routingKey: String
            var confirmed: Bool
        }

        func run() async throws {
            let payload: Data
            if self.file == "-" {
                payload = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let data = FileManager.default.contents(atPath: self.file) else {
                    throw ValidationError("--file: cannot read \(self.file)")
                }
                payload = data
            }
            let catalog = try MessageCatalog.load(contracts: self.contracts.url)
            guard let entry = catalog.entries[self.type] else {
                throw ValidationError("\(self.type) is not a message type of the contracts in \(self.contracts.url.path)")
            }
            var envelope = TypedPublisher.Envelope()
            if let id { envelope.id = id }
            if let actorToken { envelope.headers["x-passerelle-actor-token"] = actorToken }
            do {
                _ = try catalog.makeEvent(type: self.type, payload: Array(payload), envelope: envelope, source: self.source)
            } catch let violation as ContractViolation {
                FileHandle.standardError.write(Data("refused by the \(self.type) contract:\n".utf8))
                for error in violation.errors {
                    let at = error.instanceLocation.isEmpty ? "/" : error.instanceLocation
                    FileHandle.standardError.write(Data("  \(at): \(error.message) (\(error.keyword))\n".utf8))
                }
                throw ExitCode.failure
            } catch {
                FileHandle.standardError.write(Data("cannot send: \(error)\n".utf8))
                throw ExitCode.failure
            }
            var logger = Logger(label: "passerelle.send")
            logger.logLevel = .warning
            let connection = try await AMQPConnection.connect(try self.broker.configuration(name: "passerelle send"), logger: logger)
            do {
                let publisher = TypedPublisher(publisher: try await connection.makePublisher(), catalog: catalog, source: self.source)
                _ = try await publisher.publish(type: self.type, payload: Array(payload), envelope: envelope)
                await connection.close()
            } catch {
                await connection.close()
                FileHandle.standardError.write(Data("not confirmed: \(error)\n".utf8))
                throw ExitCode.failure
            }
            let result = Result(type: self.type, id: envelope.id, exchange: entry.exchange, routingKey: self.type, confirmed: true)
            if self.json {
                try JSONOutput.print(result)
            } else {
                print("sent \(self.type) id \(envelope.id) to \(entry.exchange) (confirmed)")
            }
        }
    }
}
