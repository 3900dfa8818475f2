import Foundation
import Testing
import Topology

struct TopologyOutputTests {
    @Test func definitionsCarryEveryObjectAndNoPassword() throws {
        let topology = try Fixtures.derive()
        let definitions = topology.definitions
        #expect(definitions.vhosts == [.init(name: "passerelle")])
        #expect(definitions.queues?.count == topology.queues.count)
        #expect(definitions.bindings?.count == topology.bindings.count)
        #expect(definitions.users?.allSatisfy { $0.passwordHash.isEmpty } == true)
        let json = String(decoding: try JSONEncoder().encode(definitions), as: UTF8.self)
        #expect(json.contains("\"topic_permissions\""))
        #expect(json.contains("\"x-queue-type\":\"quorum\""))
        #expect(!json.contains("\"password\""))
        let decoded = try JSONDecoder().decode(BrokerDefinitions.self, from: Data(json.utf8))
        #expect(decoded == definitions)
    }

    @Test func argumentValuesKeepIntegersApartFromStrings() throws {
        let table: ArgumentTable = [
            "delivery-limit": 5, "dead-letter-exchange": "x", "flag": true, "ratio": .double(0.5),
        ]
        let data = try JSONEncoder().encode(table)
        #expect(try JSONDecoder().decode(ArgumentTable.self, from: data) == table)
    }

    @Test func mermaidAndDotDrawExchangesQueuesAndKeys() throws {
        let graph = TopologyGraph(topology: try Fixtures.derive())
        let mermaid = graph.mermaid()
        #expect(mermaid.hasPrefix("flowchart LR\n"))
        #expect(mermaid.contains("procurement.tender.published.v1"))
        #expect(mermaid.contains("notifications.procurement-events.retry.1m"))
        let dot = graph.dot()
        #expect(dot.hasPrefix("digraph topology {"))
        #expect(dot.contains("\"x:procurement.events\" -> \"q:notifications.procurement-events\""))
        #expect(dot.contains("style=dashed"))
    }

    @Test func statusSumsRetryAndParkingPerConsumerQueue() throws {
        let topology = try Fixtures.derive()
        let stats = [
            QueueStatistics(
                name: "notifications.procurement-events", messages: 7, ready: 5, unacknowledged: 2, consumers: 3),
            QueueStatistics(
                name: "notifications.procurement-events.retry.5s", messages: 4, ready: 4, unacknowledged: 0,
                consumers: 0),
            QueueStatistics(
                name: "notifications.procurement-events.retry.1m", messages: 1, ready: 1, unacknowledged: 0,
                consumers: 0),
            QueueStatistics(
                name: "notifications.procurement-events.dlq", messages: 2, ready: 2, unacknowledged: 0, consumers: 0),
            QueueStatistics(name: "passerelle.unroutable", messages: 9, ready: 9, unacknowledged: 0, consumers: 0),
        ]
        let rows = ServiceStatus.rows(for: topology, statistics: stats)
        let row = try #require(rows.first { $0.queue == "notifications.procurement-events" })
        #expect(row.service == "notifications")
        #expect(row.present && row.ready == 5 && row.unacknowledged == 2 && row.consumers == 3)
        #expect(row.retrying == 5)
        #expect(row.deadLettered == 2)
        #expect(row.invalid == 0)
        #expect(rows.last?.queue == "passerelle.unroutable" && rows.last?.ready == 9)
        #expect(rows.first { $0.queue == "desk.documents-events" }?.present == false)
    }

    @Test func secretsAreGeneratedOnceWithMode0600OrTakenFromTheEnvironment() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = SecretStore(directory: directory, environment: ["PASSERELLE_SECRET_DESK": "from-env"])
        let first = try store.password(for: "procurement")
        #expect(first.count >= 40)
        #expect(try store.password(for: "procurement") == first)
        let attributes = try FileManager.default.attributesOfItem(
            atPath: directory.appendingPathComponent("procurement").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: directory.path)
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(try store.password(for: "desk") == "from-env")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("desk").path))
        #expect(SecretStore.variable(for: "bridge-prefecture") == "PASSERELLE_SECRET_BRIDGE_PREFECTURE")
    }
}
