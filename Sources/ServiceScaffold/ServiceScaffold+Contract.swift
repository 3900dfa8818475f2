import Contracts

extension ServiceScaffold {
    var asyncAPI: String {
        let n = self.name
        func binding(_ exchange: String, _ type: String) -> String {
            "bindings: {amqp: {is: routingKey, exchange: {name: \(n).\(exchange), type: \(type), durable: true, autoDelete: false, vhost: passerelle}, bindingVersion: 0.3.0}}"
        }
        var consumed = ""
        for message in self.consumed {
            consumed += """
                  receive\(Self.upperCamel(message.unversionedType)):
                    action: receive
                    summary: Keep a trace of each \(message.type).
                    channel: {$ref: '../\(message.location.file)#\(message.location.pointer)'}
                    bindings: {amqp: {ack: true, bindingVersion: 0.3.0}}
                    x-passerelle-queue: {name: \(n).\(message.owner)-events}

                """
        }
        return """
            # Passerelle messaging contract: \(n). Written by `passerelle new service`; conventions in docs/contracts.md.
            asyncapi: 3.0.0
            info: {title: Passerelle \(n), version: 1.0.0, description: The \(n) service keeps records; say what it does.}
            x-passerelle-context: \(n)
            defaultContentType: application/json
            channels:
              recordCreate:
                address: \(n).record.create.v1
                messages: {recordCreate: {$ref: '#/components/messages/RecordCreateV1'}}
                x-passerelle-external-senders: [portal]
                \(binding("commands", "direct"))
              recordCreated:
                address: \(n).record.created.v1
                messages: {recordCreated: {$ref: '#/components/messages/RecordCreatedV1'}}
                \(binding("events", "topic"))
            operations:
              receiveRecordCreate:
                action: receive
                summary: Create a record.
                channel: {$ref: '#/channels/recordCreate'}
                bindings: {amqp: {ack: true, bindingVersion: 0.3.0}}
                x-passerelle-queue: {name: \(n).portal-commands}
              sendRecordCreated:
                action: send
                summary: A record was created.
                channel: {$ref: '#/channels/recordCreated'}
                bindings: {amqp: {deliveryMode: 2, mandatory: true, bindingVersion: 0.3.0}}
            \(consumed)components:
              messages:
                RecordCreateV1:
                  name: \(n).record.create.v1
                  title: Create a record
                  payload: {$ref: './schemas/\(n).record.create.v1.json'}
                  examples: [{name: first, payload: {recordId: 0b7e4d2c-91a5-4f3e-8c6d-2a1b9f8e7d60, title: First record}}]
                RecordCreatedV1:
                  name: \(n).record.created.v1
                  title: Record created
                  payload: {$ref: './schemas/\(n).record.created.v1.json'}
                  examples:
                  - {name: first, payload: {recordId: 0b7e4d2c-91a5-4f3e-8c6d-2a1b9f8e7d60, title: First record, createdAt: '2026-03-20T14:30:00.000Z'}}

            """
    }

    var commandSchema: String {
        self.schema(
            type: "\(self.name).record.create.v1", title: "Create a record",
            description: "The service stores the record once per recordId and answers with \(self.name).record.created.v1.",
            extra: "", closed: true)
    }

    var eventSchema: String {
        self.schema(
            type: "\(self.name).record.created.v1", title: "Record created",
            description: "A record was stored, once per recordId.",
            extra: """
                ,
                    "createdAt": {"type": "string", "format": "date-time", "description": "When it was stored."}
                """, closed: false)
    }

    private func schema(type: String, title: String, description: String, extra: String, closed: Bool) -> String {
        """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "\(ContractSchemas.publishedID(forPath: "\(self.name)/schemas/\(type).json"))",
          "title": "\(title)",
          "description": "\(description)",
          "type": "object",
          "required": ["recordId", "title"\(extra.isEmpty ? "" : ", \"createdAt\"")],
          "properties": {
            "recordId": {"$ref": "../../common/schemas/types.json#/$defs/uuid", "description": "Record id chosen by the sender; the idempotency key."},
            "title": {"type": "string", "description": "What the record is about.", "minLength": 1, "maxLength": 200}\(extra)
          }\(closed ? ",\n  \"additionalProperties\": false" : "")
        }

        """
    }

    /// `procurement.tender.published` → `ProcurementTenderPublished`.
    static func upperCamel(_ text: String) -> String {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
