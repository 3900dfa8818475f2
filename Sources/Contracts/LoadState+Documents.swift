import Foundation
import JSONSchema

extension LoadState {
    static let messageTypePattern = #"^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.v[0-9]+$"#

    /// Reads a document's header, channels and messages (operations come in a second pass, once every
    /// channel of every document is known).
    mutating func readDocument(_ source: SourceDocument) {
        guard case .object(let root) = source.root else {
            self.errors.append(source.error("structure", at: "", "an AsyncAPI document must be a mapping"))
            return
        }
        if root["asyncapi"]?.stringValue != "3.0.0" {
            self.errors.append(source.error("structure", at: "/asyncapi", "asyncapi must be 3.0.0"))
        }
        guard let context = root["x-passerelle-context"]?.stringValue, !context.isEmpty else {
            self.errors.append(source.error("structure", at: "", "x-passerelle-context is required"))
            return
        }
        let folder = source.path.split(separator: "/").first.map(String.init) ?? ""
        if folder != context {
            self.errors.append(source.error("structure", at: "/x-passerelle-context", "context \(context) must match its folder \(folder)"))
        }
        if self.documents[context] != nil {
            self.errors.append(source.error("owner", at: "/x-passerelle-context", "two documents describe \(context)"))
            return
        }
        let info = root["info"]?.objectValue
        let document = ContractDocument(
            context: context, title: info?["title"]?.stringValue ?? context, version: info?["version"]?.stringValue ?? "",
            source: source)
        self.documents[context] = document
        for (channelID, channel) in root["channels"]?.objectValue ?? JSONObject() {
            self.readChannel(channelID, channel, in: document)
        }
        self.pendingOperations.append(document)
    }

    private mutating func readChannel(_ id: String, _ value: JSONValue, in document: ContractDocument) {
        let source = document.source
        let pointer = "/channels/" + SourceDocument.escape(id)
        guard case .object(let channel) = value else {
            self.errors.append(source.error("structure", at: pointer, "a channel must be a mapping"))
            return
        }
        guard let address = channel["address"]?.stringValue else {
            self.errors.append(source.error("structure", at: pointer + "/address", "a channel needs an address (its message type)"))
            return
        }
        if address.range(of: Self.messageTypePattern, options: .regularExpression) == nil {
            self.errors.append(source.error("naming", at: pointer + "/address", "\(address) must be <context>.<aggregate>.<event>.v<major> in lower case"))
        }
        let prefix = address.split(separator: ".").first.map(String.init) ?? ""
        if prefix != document.context {
            self.errors.append(source.error("owner", at: pointer + "/address", "\(address) belongs to context \(prefix) but is defined by \(document.context)"))
        }
        let exchange = channel["bindings"]?.objectValue?["amqp"]?.objectValue?["exchange"]?.objectValue
        let exchangeName = exchange?["name"]?.stringValue ?? ""
        let exchangeType = exchange?["type"]?.stringValue ?? ""
        let kind: MessageContract.Kind = exchangeName.hasSuffix(".commands") ? .command : .event
        if exchangeName != "\(document.context).\(kind == .command ? "commands" : "events")" {
            self.errors.append(source.error("naming", at: pointer + "/bindings/amqp/exchange/name", "exchange must be \(document.context).events (events) or \(document.context).commands (commands), got \(exchangeName.isEmpty ? "none" : exchangeName)"))
        }
        let external = channel["x-passerelle-external-senders"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let messages = channel["messages"]?.objectValue ?? JSONObject()
        if messages.count != 1 {
            self.errors.append(source.error("structure", at: pointer + "/messages", "a channel carries exactly one message (its type), found \(messages.count)"))
        }
        for (messageID, reference) in messages {
            let messagePointer = pointer + "/messages/" + SourceDocument.escape(messageID)
            guard let message = self.message(reference, in: source, at: messagePointer) else { continue }
            if let name = message.value.objectValue?["name"]?.stringValue, name != address {
                self.errors.append(message.source.error("naming", at: message.pointer + "/name", "message name \(name) must equal its channel address \(address)"))
            }
            if let existing = self.messages[address] {
                self.errors.append(source.error("owner", at: pointer, "\(address) is already defined in \(existing.location.file)"))
                continue
            }
            let location = ContractLocation(file: source.path, pointer: pointer, line: source.line(of: pointer))
            self.messages[address] = self.messageContract(
                type: address, owner: document.context, kind: kind, exchange: exchangeName, exchangeType: exchangeType,
                message: message, external: external, location: location)
            self.channelTypes["\(source.url.absoluteString)#\(pointer)", default: []].append(address)
        }
    }

    private mutating func message(_ reference: JSONValue, in source: SourceDocument, at pointer: String) -> (source: SourceDocument, pointer: String, value: JSONValue)? {
        if let ref = reference.objectValue?["$ref"]?.stringValue {
            guard let (target, fragment, value) = self.resolve(ref, from: source, at: pointer + "/$ref") else { return nil }
            return (target, fragment, value)
        }
        return (source, pointer, reference)
    }

    private mutating func messageContract(
        type: String, owner: String, kind: MessageContract.Kind, exchange: String, exchangeType: String,
        message: (source: SourceDocument, pointer: String, value: JSONValue), external: [String], location: ContractLocation
    ) -> MessageContract {
        let object = message.value.objectValue ?? JSONObject()
        var schema: JSONValue = .bool(true)
        var schemaURL = message.source.url
        if let payload = object["payload"] {
            if let ref = payload.objectValue?["$ref"]?.stringValue {
                if let (target, fragment, value) = self.resolve(ref, from: message.source, at: message.pointer + "/payload/$ref") {
                    schema = value
                    schemaURL = fragment.isEmpty ? target.url : URL(string: "#" + fragment, relativeTo: target.url) ?? target.url
                }
            } else {
                schema = payload
            }
        } else {
            self.errors.append(message.source.error("structure", at: message.pointer, "\(type) has no payload schema"))
        }
        // FULL unless the message says otherwise (x-passerelle-compatibility).
        var compatibility = CompatibilityMode.full
        if let mode = object["x-passerelle-compatibility"]?.stringValue {
            if let parsed = CompatibilityMode(rawValue: mode) {
                compatibility = parsed
            } else {
                self.errors.append(message.source.error("structure", at: message.pointer + "/x-passerelle-compatibility", "unknown compatibility mode \(mode); use one of \(CompatibilityMode.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        let maxBodyBytes = self.maxBodyBytes(object["x-passerelle-max-body-bytes"], message: message)
        var examples: [MessageExample] = []
        for (index, example) in (object["examples"]?.arrayValue ?? []).enumerated() {
            let pointer = message.pointer + "/examples/\(index)"
            guard let payload = example.objectValue?["payload"] else {
                self.errors.append(message.source.error("example", at: pointer, "an example needs a payload"))
                continue
            }
            examples.append(MessageExample(
                name: example.objectValue?["name"]?.stringValue ?? "example \(index + 1)", payload: payload,
                location: ContractLocation(file: message.source.path, pointer: pointer + "/payload", line: message.source.line(of: pointer + "/payload"))))
        }
        var contract = MessageContract(
            type: type, owner: owner, kind: kind, exchange: exchange, exchangeType: exchangeType,
            title: object["title"]?.stringValue, summary: object["summary"]?.stringValue, compatibility: compatibility,
            maxBodyBytes: maxBodyBytes, schema: schema, schemaURL: schemaURL, schemaID: schema.objectValue?["$id"]?.stringValue, examples: examples,
            senders: [], externalSenders: external, receivers: [], location: location)
        contract.businessKey = self.businessKey(object["x-passerelle-business-key"], message: message)
        return contract
    }

    /// `x-passerelle-business-key`: a non-empty list of JSON pointers (`/idActe`). A bad value is an error
    /// (rule `structure`) and no key stands.
    private mutating func businessKey(
        _ value: JSONValue?, message: (source: SourceDocument, pointer: String, value: JSONValue)
    ) -> [String] {
        guard let value else { return [] }
        let pointers = value.arrayValue?.compactMap(\.stringValue) ?? []
        guard !pointers.isEmpty, pointers.count == value.arrayValue?.count, pointers.allSatisfy({ $0.hasPrefix("/") }) else {
            self.errors.append(message.source.error(
                "structure", at: message.pointer + "/x-passerelle-business-key",
                "x-passerelle-business-key must be a non-empty list of JSON pointers such as [/idActe], got \(value.jsonString())"))
            return []
        }
        return pointers
    }

    /// `x-passerelle-max-body-bytes`: a positive integer of at most 256 MiB; absent means 1 MiB. A bad value is
    /// an error (rule `structure`) and the default stands.
    private mutating func maxBodyBytes(
        _ value: JSONValue?, message: (source: SourceDocument, pointer: String, value: JSONValue)
    ) -> Int {
        guard let value else { return MessageContract.defaultMaxBodyBytes }
        let limit = MessageContract.maxBodyBytesLimit
        if let number = value.numberValue, let bytes = number.int64Value, bytes >= 1, bytes <= Int64(limit) {
            return Int(bytes)
        }
        self.errors.append(message.source.error(
            "structure", at: message.pointer + "/x-passerelle-max-body-bytes",
            "x-passerelle-max-body-bytes must be a positive integer of at most \(limit) (256 MiB), got \(value.jsonString())"))
        return MessageContract.defaultMaxBodyBytes
    }
}
