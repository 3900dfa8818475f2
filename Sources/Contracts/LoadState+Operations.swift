import Foundation
import JSONSchema

extension LoadState {
    /// Reads a document's operations: who sends and who receives each message type.
    mutating func readOperations(_ document: ContractDocument) {
        let source = document.source
        for (id, value) in source.root.objectValue?["operations"]?.objectValue ?? JSONObject() {
            let pointer = "/operations/" + SourceDocument.escape(id)
            guard case .object(let operation) = value else {
                self.errors.append(source.error("structure", at: pointer, "an operation must be a mapping"))
                continue
            }
            let action = operation["action"]?.stringValue
            guard action == "send" || action == "receive" else {
                self.errors.append(source.error("structure", at: pointer + "/action", "action must be send or receive"))
                continue
            }
            guard let reference = operation["channel"]?.objectValue?["$ref"]?.stringValue else {
                self.errors.append(source.error("structure", at: pointer + "/channel", "an operation needs channel: {$ref: …}"))
                continue
            }
            guard let (target, fragment, _) = self.resolve(reference, from: source, at: pointer + "/channel/$ref") else {
                let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let file = parts[0].isEmpty ? source.url : URL(string: String(parts[0]), relativeTo: source.url)?.standardizedFileURL
                self.unresolvedOperations.append(UnresolvedOperation(
                    context: document.context, action: action ?? "", targetFile: file.map(self.relativePath) ?? "",
                    targetPointer: parts.count > 1 ? String(parts[1]) : "",
                    location: ContractLocation(file: source.path, pointer: pointer, line: source.line(of: pointer))))
                continue
            }
            guard let types = self.channelTypes["\(target.url.absoluteString)#\(fragment)"] else {
                self.errors.append(source.error("ref", at: pointer + "/channel/$ref", "\(reference) is not a channel of a contract document"))
                continue
            }
            let location = ContractLocation(file: source.path, pointer: pointer, line: source.line(of: pointer))
            for type in types {
                if action == "send" {
                    if !(self.messages[type]?.senders.contains(document.context) ?? true) {
                        self.messages[type]?.senders.append(document.context)
                    }
                } else {
                    let queue = self.queueSettings(operation["x-passerelle-queue"], in: source, at: pointer + "/x-passerelle-queue")
                    self.messages[type]?.receivers.append(MessageReceiver(context: document.context, queue: queue, location: location))
                }
            }
        }
    }

    private mutating func queueSettings(_ value: JSONValue?, in source: SourceDocument, at pointer: String) -> QueueSettings? {
        guard let value else { return nil }
        guard case .object(let object) = value, let name = object["name"]?.stringValue else {
            self.errors.append(source.error("structure", at: pointer, "x-passerelle-queue needs a name"))
            return nil
        }
        return QueueSettings(
            name: name, prefetch: object["prefetch"]?.numberValue?.int64Value.map(Int.init),
            deliveryLimit: object["deliveryLimit"]?.numberValue?.int64Value.map(Int.init),
            retryLevels: object["retryLevels"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}
