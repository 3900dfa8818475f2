import Foundation
import JSONSchema

/// Renders readable Markdown pages from the contracts (`passerelle contracts docs`): one page per
/// service or partner, with its messages, their fields, constraints and examples.
public struct ContractDocumentation: Sendable {
    /// One row of a message's field table.
    public struct Field: Sendable, Hashable {
        /// The dotted path, `[]` for array items, e.g. `lots[].cpv`.
        public var path: String
        /// The JSON type(s), or the referenced definition.
        public var type: String
        /// Whether the field is required (within its parent).
        public var required: Bool
        /// Constraints in plain words (pattern, format, enum, bounds).
        public var constraints: String
        /// The schema's description.
        public var description: String
    }

    let hub: ContractHub

    /// Creates a renderer.
    ///
    /// - Parameter hub: The loaded contracts.
    public init(hub: ContractHub) {
        self.hub = hub
    }

    /// The pages, by file name (`index.md`, `procurement.md`, …).
    public func pages() -> [String: String] {
        var pages: [String: String] = [:]
        var index = "# Passerelle contracts\n\n| Context | Title | Owns | Sends | Receives |\n|---|---|---|---|---|\n"
        for context in self.hub.documents.keys.sorted() {
            guard let document = self.hub.documents[context] else { continue }
            let owned = self.hub.sortedMessages.filter { $0.owner == context }
            let sent = self.hub.sortedMessages.filter { $0.senders.contains(context) }
            let received = self.hub.sortedMessages.filter { $0.receivers.contains { $0.context == context } }
            index += "| [\(context)](\(context).md) | \(document.title) | \(owned.count) | \(sent.count) | \(received.count) |\n"
            pages["\(context).md"] = self.page(document, owned: owned, received: received)
        }
        pages["index.md"] = index
        return pages
    }

    private func page(_ document: ContractDocument, owned: [MessageContract], received: [MessageContract]) -> String {
        var text = "# \(document.title)\n\n"
        text += "Context `\(document.context)`, contract version \(document.version), from `\(document.source.path)`.\n"
        if let description = document.source.root.objectValue?["info"]?.objectValue?["description"]?.stringValue {
            text += "\n\(description.trimmingCharacters(in: .whitespacesAndNewlines))\n"
        }
        if !received.isEmpty {
            text += "\n## Receives\n\n| Message | From | Queue |\n|---|---|---|\n"
            for message in received {
                let queues = message.receivers.filter { $0.context == document.context }.compactMap(\.queue?.name)
                let from = (message.senders + message.externalSenders).joined(separator: ", ")
                text += "| `\(message.type)` | \(from) | \(queues.map { "`\($0)`" }.joined(separator: ", ")) |\n"
            }
        }
        text += "\n## Messages it owns\n"
        for message in owned {
            text += "\n### `\(message.type)`\n\n"
            if let title = message.title { text += "**\(title).** " }
            if let summary = message.summary { text += summary }
            text += "\n\n"
            text += "- \(message.kind == .event ? "Event" : "Command") on `\(message.exchange)` (\(message.exchangeType)), routing key `\(message.type)`\n"
            text += "- Compatibility: \(message.compatibility.rawValue)\n"
            let senders = message.senders + message.externalSenders.map { "\($0) (outside the hub)" }
            text += "- Sent by: \(senders.isEmpty ? "nobody yet" : senders.joined(separator: ", "))\n"
            let receivers = message.receivers.map { "\($0.context)\($0.queue.map { " (`\($0.name)`)" } ?? "")" }
            text += "- Received by: \(receivers.isEmpty ? "nobody yet" : receivers.joined(separator: ", "))\n\n"
            let fields = self.fields(of: message)
            if !fields.isEmpty {
                text += "| Field | Type | Required | Constraints | Description |\n|---|---|---|---|---|\n"
                for field in fields {
                    text += "| `\(field.path)` | \(field.type) | \(field.required ? "yes" : "") | \(Self.cell(field.constraints)) | \(Self.cell(field.description)) |\n"
                }
            }
            for example in message.examples {
                text += "\nExample *\(example.name)*:\n\n```json\n\(example.payload.jsonString(pretty: true))\n```\n"
            }
        }
        return text
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
