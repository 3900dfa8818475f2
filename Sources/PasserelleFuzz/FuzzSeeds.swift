import Contracts
import Foundation
import JSONSchema
import Messaging

/// Writes the seed corpus `Fuzz/corpus/<target>/` (`passerelle-fuzz seeds Fuzz/corpus`): hand-written inputs,
/// the examples of the procurement contracts, and a handful of JSON-Schema-Test-Suite files (when
/// `$JSON_SCHEMA_TEST_SUITE` or `../shared/testdata/json-schema-test-suite` is there). Files are named after
/// what they hold; running it again rewrites the same files.
enum FuzzSeeds {
    static func write(to root: URL) throws -> Int {
        var written = 0
        func put(_ target: String, _ name: String, _ bytes: [UInt8]) throws {
            let folder = root.appendingPathComponent(target)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: folder.appendingPathComponent(name))
            written += 1
        }
        for (name, text) in self.handWrittenJSON {
            try put("json", name + ".json", Array(text.utf8))
        }
        for (name, text) in self.handWrittenSchemas {
            try put("schema", name + ".json", Array(text.utf8))
        }
        for (name, payload) in self.contractExamples() {
            try put("json", "contract-" + name + ".json", Array(payload.jsonString(pretty: true).utf8))
            try put("schema", "contract-" + name + ".json", Array(payload.jsonString().utf8))
        }
        for (file, bytes, document) in self.suiteFiles() {
            if file != "ref.json" { try put("json", "suite-" + file, bytes) }
            for (index, group) in (document.arrayValue ?? []).enumerated() {
                try put("schema", "suite-\(file.dropLast(5))-\(index).json", Array(group.jsonString().utf8))
            }
        }
        for (name, bytes) in self.cloudEvents() { try put("cloudevents", name, bytes) }
        for (name, bytes) in self.runtimeHeaders() { try put("runtime-headers", name, bytes) }
        for (name, bytes) in self.mail() { try put("mime", name, bytes) }
        for (name, bytes) in self.http() { try put("http", name, bytes) }
        return written
    }

    // MARK: JSON and schemas

    static let handWrittenJSON: [(String, String)] = [
        ("scalars", #"[null, true, false, 0, -0, 1, -1, 0.5, -1.25e-7, 1E+300, 9223372036854775807, -9223372036854775808, 9223372036854775808]"#),
        ("strings", #"["", "a\"b\\c\/d", "\b\f\n\r\t", "\u0000\u001f", "\u00e9\u20AC", "\ud83d\ude00", "\ud800", "\udc00x", "é€😀"]"#),
        ("object-duplicates", #"{"a": 1, "b": {"c": [1, {"d": null}]}, "a": 2, "": "empty key"}"#),
        ("nested", #"[[[[[[[[[[[[[[[[{"k": [[[[[[[[[[]]]]]]]]]]}]]]]]]]]]]]]]]]]"#),
        ("whitespace", " \t\r\n{ \"x\" :\t[ 1 ,2 , 3 ] }\n"),
        ("payload-bid", #"{"tenderId":"6f1c9e2a-4b7d-4e3a-9c21-8d5f0a7b3e14","lots":[1,2],"bidder":{"siret":"35600000000048","name":"SARL Dupont"},"submittedAt":"2026-04-02T09:59:59.999Z"}"#),
    ]

    static let handWrittenSchemas: [(String, String)] = [
        ("pattern-pair", ##"[{"type":"string","pattern":"^(a+)+b$","minLength":2,"maxLength":40}, "aaaab", "aaaaaaaaaaaaaaac"]"##),
        ("ref-recursion", ##"[{"$defs":{"node":{"type":"object","properties":{"next":{"$ref":"#/$defs/node"},"value":{"type":"integer","multipleOf":0.01}}}},"$ref":"#/$defs/node"}, {"value":1,"next":{"value":2.5,"next":{}}}]"##),
        ("dynamic-ref", ##"[{"$id":"https://example.org/tree","$dynamicAnchor":"node","type":"object","properties":{"children":{"type":"array","items":{"$dynamicRef":"#node"}}}}, {"children":[{"children":[]}]}]"##),
        ("unevaluated", ##"[{"allOf":[{"properties":{"a":true}}],"anyOf":[{"properties":{"b":true}}],"unevaluatedProperties":false,"prefixItems":[{"type":"string"}],"unevaluatedItems":{"type":"number"}}, {"a":1,"b":2,"c":3}, ["x",1,"y"]]"##),
        ("formats", ##"[{"type":"object","properties":{"when":{"format":"date-time"},"day":{"format":"date"},"mail":{"format":"email"},"site":{"format":"uri"},"id":{"format":"uuid"},"siren":{"format":"siren"},"siret":{"format":"siret"}}}, {"when":"2026-02-30T25:00:00Z","day":"2026-02-29","mail":"a@b","site":"http://x/y?z","id":"6f1c9e2a-4b7d-4e3a-9c21-8d5f0a7b3e14","siren":"356000000","siret":"35600000000048"}]"##),
        ("numbers", ##"[{"type":"number","minimum":-1e308,"exclusiveMaximum":1e308,"multipleOf":1e-8}, 0.1, 1e300, 123456789.123456789, -5e-324]"##),
        ("objects", ##"[{"type":"object","required":["a"],"minProperties":1,"maxProperties":3,"propertyNames":{"pattern":"^[a-z]+$"},"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":{"type":["integer","null"]},"dependentRequired":{"a":["b"]},"dependentSchemas":{"b":{"required":["c"]}}}, {"a":1,"b":null,"c":2}]"##),
        ("arrays", ##"[{"type":"array","items":{"enum":[1,"1",[1],{"1":1}]},"contains":{"const":1},"minContains":1,"maxContains":2,"uniqueItems":true,"maxItems":5}, [1,"1",[1],{"1":1}], [1,1]]"##),
        ("if-then-else", ##"[{"if":{"properties":{"kind":{"const":"lot"}}},"then":{"required":["lot"]},"else":{"not":{"required":["lot"]}},"oneOf":[{"type":"object"},{"type":"array"}]}, {"kind":"lot"}, {"kind":"x","lot":1}]"##),
    ]

    /// The examples of every procurement message (payloads that validate against their schemas).
    static func contractExamples() -> [(String, JSONValue)] {
        let loaded = ContractLoader(root: SchemaFuzz.contractsFolder()).load()
        var examples: [(String, JSONValue)] = []
        for message in loaded.hub.sortedMessages where message.type.hasPrefix("procurement.") {
            for example in message.examples {
                examples.append(("\(message.type)-\(example.name)", example.payload))
            }
        }
        return examples
    }

    /// A handful of files of the JSON-Schema-Test-Suite (draft 2020-12, MIT), when present.
    static let suiteFileNames = ["defs.json", "pattern.json", "prefixItems.json", "boolean_schema.json", "maxLength.json", "ref.json"]

    static func suiteFiles() -> [(String, [UInt8], JSONValue)] {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"] {
            candidates.append(URL(fileURLWithPath: path))
        }
        let repository = SchemaFuzz.contractsFolder().deletingLastPathComponent()
        candidates.append(repository.deletingLastPathComponent().appendingPathComponent("shared/testdata/json-schema-test-suite"))
        for folder in candidates {
            let draft = folder.appendingPathComponent("draft2020-12")
            var found: [(String, [UInt8], JSONValue)] = []
            for name in self.suiteFileNames {
                guard let data = FileManager.default.contents(atPath: draft.appendingPathComponent(name).path),
                    let document = try? JSONValue(parsing: data)
                else { continue }
                // ref.json is large: its groups (but those naming the remote test server) go to the schema corpus only.
                let groups = (document.arrayValue ?? []).filter { !"\($0)".contains("localhost:1234") }
                found.append((name, Array(data), .array(groups)))
            }
            if !found.isEmpty { return found }
        }
        return []
    }

    // MARK: Structured targets

    static func cloudEvents() -> [(String, [UInt8])] {
        let published: AMQPTable = [
            "cloudEvents_id": "6f1c1a4e-5d0b-4e8a-9a51-0c6d3e2b7f10", "cloudEvents_source": "/passerelle/procurement",
            "cloudEvents_specversion": "1.0", "cloudEvents_type": "procurement.tender.published.v1",
            "cloudEvents_datacontenttype": "application/json", "cloudEvents_time": "2026-11-30T00:53:20.250Z",
            "cloudEvents_subject": "T-1",
            "cloudEvents_dataschema":
                "https://contracts.passerelle.example/procurement/schemas/procurement.tender.published.v1.json",
            "cloudEvents_correlationid": "conv-42", "cloudEvents_causationid": "cmd-7",
            "cloudEvents_dataref": "https://files.example.org/acts/1.pdf",
            "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tracestate": "passerelle=1",
        ]
        let partner: AMQPTable = [
            "ce_id": "x-1", "ce_source": "/partner/prefecture", "ce_type": "prefecture.act.acknowledged.v1",
            "ce_specversion": "1.0", "ce_time": "2026-03-01T10:00:00+01:00",
        ]
        // The CloudEvents SDKs' RabbitMQ binding (knative eventing-rabbitmq): `ce-` headers, trace context both ways.
        let knative: AMQPTable = [
            "ce-id": "k-3", "ce-source": "/partner/treasury", "ce-type": "treasury.pes.acquitted.v1",
            "ce-specversion": "1.0", "ce-time": "2026-03-01T10:00:00Z", "ce-subject": "PES-1",
            "ce-traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "x-partner-batch": "b-12",
        ]
        let colon: AMQPTable = [
            "cloudEvents:id": .bytes(Array("b-7".utf8)), "cloudEvents:source": "/passerelle/notifications",
            "cloudEvents:type": "notifications.notice.sent.v1", "cloudEvents:time": "2026-03-01T10:00:00.123456Z",
            "x-death": .array([.table(["count": .int64(2), "queue": "notifications.events", "reason": "rejected"])]),
        ]
        let properties = [
            ("message_id", "m-1"), ("app_id", "procurement"), ("type", "procurement.bid.received.v1"),
            ("content_type", "application/json"), ("correlation_id", "c-9"), ("timestamp", "1796000000"),
        ]
        let body = Array(#"{"tenderId":"T-1"}"#.utf8)
        var seeds: [(String, [UInt8])] = [
            ("published-headers", FuzzDelivery.records(headers: published, body: body)),
            ("partner-ce-prefix", FuzzDelivery.records(headers: partner)),
            ("partner-ce-dash-binding", FuzzDelivery.records(headers: knative, body: body)),
            ("colon-prefix-bytes-xdeath", FuzzDelivery.records(headers: colon, body: body)),
            ("properties-only", FuzzDelivery.records(properties: properties, headers: [:], body: body)),
            ("bad-specversion", FuzzDelivery.records(properties: properties, headers: ["cloudEvents_specversion": "0.3"])),
            ("bad-name", FuzzDelivery.records(properties: properties, headers: ["cloudEvents_Data-Ref": "x"])),
            ("time-not-string", FuzzDelivery.records(properties: properties, headers: ["cloudEvents_time": .timestamp(1_796_000_000)])),
            ("huge-timestamp", FuzzDelivery.records(properties: [("message_id", "m"), ("app_id", "a"), ("type", "t"), ("timestamp", "18446744073709551615")], headers: [:])),
        ]
        #if PASSERELLE_FUZZ
        for (name, table) in [("wire-published", published), ("wire-colon", colon)] {
            if let bytes = FuzzDelivery.wireBytes(table) { seeds.append((name, [0] + bytes)) }
        }
        #endif
        return seeds
    }

    static func runtimeHeaders() -> [(String, [UInt8])] {
        let parked: AMQPTable = [
            "cloudEvents_id": "6f1c1a4e-5d0b-4e8a-9a51-0c6d3e2b7f10", "cloudEvents_type": "procurement.bid.submit.v1",
            "x-passerelle-attempt": .int32(3), "x-passerelle-reason": "failed",
            "x-passerelle-error": "handler failed: timeout", "x-passerelle-original-exchange": "procurement",
            "x-passerelle-original-routing-key": "procurement.bid.submit.v1",
            "x-passerelle-consumer-queue": "procurement.commands", "x-passerelle-parked-at": "2026-04-02T10:00:00.000Z",
            "x-passerelle-parked-id": "0b7e4d2c-91a5-4f3e-8c6d-2a1b9f8e7d60",
        ]
        let death: AMQPTable = [
            "x-delivery-count": .int64(5),
            "x-death": .array([
                .table([
                    "count": .int64(1), "queue": "procurement.commands", "reason": "delivery_limit",
                    "exchange": "procurement", "routing-keys": .array(["procurement.bid.submit.v1"]),
                    "time": .timestamp(1_796_000_000),
                ]),
                .table(["count": .int64(3), "queue": "other", "reason": "expired"]),
            ]),
        ]
        let forged: AMQPTable = [
            "x-passerelle-attempt": .int64(.max), "x-delivery-count": .uint64(.max), "x-passerelle-reason": "exploded",
            "x-passerelle-original-exchange": .string("ex\u{0}change"), "x-passerelle-parked-id": "not-a-uuid",
            "x-passerelle-error": .bytes([0xFF, 0x00, 0xC3]),
        ]
        return [
            ("parked-by-runtime", FuzzDelivery.records(properties: [("message_id", "m-1"), ("type", "procurement.bid.submit.v1")], headers: parked)),
            ("broker-delivery-limit", FuzzDelivery.records(properties: [("delivery_limit", "4")], headers: death)),
            ("forged-values", FuzzDelivery.records(properties: [("parking_queue", "procurement.commands.invalid")], headers: forged)),
            ("attempt-string", FuzzDelivery.records(headers: ["x-passerelle-attempt": " +4 ", "x-passerelle-reason": "invalid"])),
            ("attempt-double", FuzzDelivery.records(properties: [("max_attempt", "2")], headers: ["x-passerelle-attempt": .double(2.7)])),
            ("attempt-decimal", FuzzDelivery.records(headers: ["x-passerelle-attempt": .decimal(AMQPDecimal(scale: 255, value: .max))])),
            ("nested-tables", FuzzDelivery.records(headers: ["x-note": .table(["a": .array([.table(["b": .array([.void, .float(1.5)])])])])])),
        ]
    }

    static func mail() -> [(String, [UInt8])] {
        func message(_ records: [(Character, String)]) -> [UInt8] {
            FuzzRecord.join(records.map { ($0.0, Array($0.1.utf8)) })
        }
        let long = String(repeating: "Avis d'appel public à la concurrence — lot n°2 ", count: 4)
        return [
            ("plain", message([
                ("f", "alertes@passerelle.example.fr"), ("n", "Passerelle"), ("t", "jeanne.martin@example.fr"),
                ("m", "Jeanne Martin"), ("s", "Nouvel appel d'offres"), ("b", "Bonjour,\nUn marché vous concerne.\n"),
            ])),
            ("utf8-subject-html", message([
                ("n", "Mairie de Dijon — Marchés"), ("t", "a@example.fr"), ("m", "Martin, Jeanne \"JM\""),
                ("t", "b.c@sub.example.org"), ("s", long), ("b", "Ligne 1\r\nLigne 2\rLigne 3 \n.\n"),
                ("h", "<p>Bonjour <b>Jeanne</b></p>\n"), ("i", "notice-42@passerelle.local"),
            ])),
            ("unsubscribe-headers", message([
                ("t", "x@example.fr"), ("s", "Désinscription"), ("b", String(repeating: "=", count: 100)),
                ("H", "List-Unsubscribe:<https://notifications.example.fr/u/abc>, <mailto:u@example.fr>"),
                ("H", "List-Unsubscribe-Post:List-Unsubscribe=One-Click"), ("d", "1767225600.5"),
            ])),
            ("injection", message([
                ("t", "x@example.fr\r\nBcc: y@example.fr"), ("s", "a\r\nBcc: z@example.fr"), ("n", "A\u{0}B"),
            ])),
            ("spaces-and-tabs", message([
                ("t", "x@example.fr"), ("n", "  Jeanne   Martin  "), ("s", "  a\tb  "), ("b", "trailing \t\nspace "),
                ("H", "X-Note:a  b\t"),
            ])),
            ("long-atom", message([("t", "x@example.fr"), ("s", String(repeating: "x", count: 1200))])),
        ]
    }

    static func http() -> [(String, [UInt8])] {
        func request(_ records: [(Character, String)]) -> [UInt8] {
            FuzzRecord.join(records.map { ($0.0, Array($0.1.utf8)) })
        }
        return [
            ("subscription", request([
                ("u", "/subscriptions?siret=35600000000048&departements=21,71&cpv=72000000"), ("q", "siret"), ("q", "cpv"),
                ("j", #"{"email":"jeanne.martin@example.fr","siret":"35600000000048","count":2,"active":true,"since":"2026-04-02T10:00:00.123456+02:00","filters":{"departements":["21","71"],"cpv":["72000000"],"minimumAmount":40000.5},"tags":{"a":1}}"#),
            ])),
            ("percent-encoding", request([
                ("u", "http://127.0.0.1:8082/tenders/T-1/documents?name=%C3%A9t%C3%A9%20%2B&x=%zz&y=%&=v&k&a=1&a=2#frag"),
                ("q", "name"), ("q", ""), ("j", #"{"email":"x","count":"two"}"#),
            ])),
            ("problems", request([
                ("u", "/u/abc?token=%252F"), ("q", "token"),
                ("j", #"{"email":"x","count":1,"filters":{"departements":["21",7]},"since":"yesterday"}"#),
            ])),
            ("not-json", request([("u", "?"), ("j", "{\"email\": ")])),
        ]
    }
}
