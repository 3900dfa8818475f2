import Foundation

/// Writes small contract folders for tests, and removes them afterwards.
struct ContractFixtures {
    let root: URL

    /// Writes `files` (path → content) under a fresh temporary folder.
    init(_ files: [String: String]) throws {
        self.root = FileManager.default.temporaryDirectory.appendingPathComponent("contracts-\(UUID().uuidString)")
        for (path, content) in files {
            let url = self.root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: self.root)
    }

    /// An owner document for `context` with one event channel, plus its schema file (by default one with the
    /// `$id` the `id` lint rule asks for).
    static func owner(
        _ context: String = "procurement",
        address: String = "procurement.tender.published.v1",
        exchange: String? = nil,
        schema: String? = nil,
        example: String? = #"{"tenderId": "T-1"}"#,
        extraOperations: String = ""
    ) -> [String: String] {
        let schema = schema ?? #"{"$id": "https://contracts.passerelle.example/\#(context)/schemas/published.json", "title": "Published", "description": "A tender was published.", "type": "object", "required": ["tenderId"], "properties": {"tenderId": {"type": "string", "description": "Tender id.", "pattern": "^T-[0-9]+$"}}}"#
        let exampleBlock = example.map { "\n      examples:\n        - name: one\n          payload: \($0)" } ?? ""
        let document = """
            asyncapi: 3.0.0
            info: {title: \(context), version: 1.0.0}
            x-passerelle-context: \(context)
            channels:
              published:
                address: \(address)
                messages:
                  published: {$ref: '#/components/messages/Published'}
                bindings:
                  amqp:
                    is: routingKey
                    exchange: {name: \(exchange ?? "\(context).events"), type: topic, durable: true, autoDelete: false, vhost: passerelle}
            operations:
              sendPublished:
                action: send
                channel: {$ref: '#/channels/published'}
            \(extraOperations)
            components:
              messages:
                Published:
                  name: \(address)
                  payload: {$ref: './schemas/published.json'}\(exampleBlock)
            """
        return ["\(context)/asyncapi.yaml": document, "\(context)/schemas/published.json": schema]
    }

    /// A consumer document receiving the owner's event.
    static func consumer(_ context: String = "notifications", from owner: String = "procurement", queue: String = "notifications.procurement-events") -> [String: String] {
        [
            "\(context)/asyncapi.yaml": """
                asyncapi: 3.0.0
                info: {title: \(context), version: 1.0.0}
                x-passerelle-context: \(context)
                operations:
                  receivePublished:
                    action: receive
                    channel: {$ref: '../\(owner)/asyncapi.yaml#/channels/published'}
                    x-passerelle-queue: {name: \(queue), prefetch: 10, deliveryLimit: 5, retryLevels: [5s, 1m]}
                """
        ]
    }
}
