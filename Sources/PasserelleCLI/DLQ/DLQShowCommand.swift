import ArgumentParser
import Foundation
import JSONSchema
import PasserelleOps
import ServiceRuntime

/// `passerelle dlq show ID`: one parked message in full: headers, body, error and history.
struct DLQShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a parked message: headers, body, error and history.",
        discussion: "Exit status 1 when no parked message has this id.")

    /// The JSON form.
    struct Detail: Encodable {
        var message: ParkedMessage
        var properties: JSONValue
        var body: String
        var bodyIsJSON: Bool
        var history: [ParkedHistoryEntry]
    }

    @OptionGroup var options: DLQOptions

    @Argument(help: "The parked message id (a UUID).")
    var id: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    init() {}

    mutating func validate() throws {
        guard UUID(uuidString: self.id) != nil else {
            throw ArgumentParser.ValidationError("\(self.id) is not a parked message id (a UUID)")
        }
    }

    func run() async throws {
        let session = try await self.options.open()
        let found: (ParkedMessage, [ParkedHistoryEntry])?
        do {
            if let message = try await session.store.find(UUID(uuidString: self.id)!) {
                found = (message, try await session.store.history(of: message))
            } else {
                found = nil
            }
            await session.close()
        } catch {
            await session.close()
            throw error
        }
        guard let (message, history) = found else {
            DLQFormat.warn("no parked message with id \(self.id.lowercased())")
            throw ExitCode(1)
        }
        let properties = (try? JSONValue(parsing: message.propertiesJSON)) ?? .null
        if self.json {
            let body = Array(message.body)
            let isJSON = (try? JSONValue(parsing: body)) != nil
            try JSONOutput.print(
                Detail(
                    message: message, properties: properties,
                    body: isJSON || String(validating: body, as: UTF8.self) != nil
                        ? String(decoding: body, as: UTF8.self) : message.body.base64EncodedString(),
                    bodyIsJSON: isJSON, history: history))
        } else {
            print(Self.text(message, properties: properties, history: history), terminator: "")
        }
    }

    static func text(_ message: ParkedMessage, properties: JSONValue, history: [ParkedHistoryEntry]) -> String {
        var out = ""
        func line(_ label: String, _ value: String?) {
            out += label.padding(toLength: 16, withPad: " ", startingAt: 0) + (value ?? "-") + "\n"
        }
        line("id", DLQFormat.id(message.id))
        line("service", message.service)
        line("consumer queue", message.consumerQueue)
        line("parking queue", message.parkingQueue)
        line("status", message.status)
        line("reason", message.reason)
        line("parked at", DLQFormat.time(message.parkedAt))
        line("message id", message.messageID)
        line("message type", message.messageType)
        line("original", "\(message.originalExchange) / \(message.originalRoutingKey)")
        line("attempts", String(message.attempts))
        out += "\nerror:\n" + message.error + "\n"
        out += "\nproperties:\n" + properties.jsonString(pretty: true) + "\n"
        out += "\nbody:\n" + BodyFormatting.display(Array(message.body)) + "\n"
        var table = TextTable(columns: [.init("ACTION"), .init("ACTOR"), .init("AT"), .init("DETAIL", maxWidth: 100)])
        for entry in history {
            table.append([entry.action, entry.actor, DLQFormat.time(entry.at), entry.detail ?? ""])
        }
        out += "\nhistory:\n" + table.render()
        return out
    }
}
