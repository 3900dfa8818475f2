import Contracts
import Foundation
import Testing
import Topology

struct PermissionDerivationTests {
    @Test func procurementMayWriteOnlyItsOwnExchangesAndReadOnlyItsQueues() throws {
        let topology = try Fixtures.derive()
        let permission = try #require(topology.permissions.first { $0.user == "svc-procurement" })
        #expect(permission.configure == "^$")
        #expect(permission.write == #"^(procurement\.events|procurement\.retry)$"#)
        let ownQueues = topology.services.first { $0.context == "procurement" }?.queues.map(\.name) ?? []
        #expect(!ownQueues.isEmpty)
        for queue in ownQueues {
            #expect(permission.read.contains(queue.replacingOccurrences(of: ".", with: "\\.")))
        }
        #expect(!permission.read.contains("notifications"))
        #expect(!permission.write.contains("amq.default"))
        let topic = try #require(topology.topicPermissions.first { $0.user == "svc-procurement" })
        #expect(topic.exchange == "procurement.events")
        #expect(topic.write == #"^procurement\."#)
    }

    @Test func aSenderOfAnotherContextsCommandMayWriteThatCommandsExchange() throws {
        let topology = try Fixtures.derive()
        let documents = try #require(topology.permissions.first { $0.user == "svc-documents" })
        #expect(documents.write.contains(#"prefecture\.commands"#))
        #expect(documents.write.contains(#"documents\.events"#))
        #expect(!documents.write.contains(#"documents\.commands"#), "a service does not send its own commands")
        let desk = try #require(topology.permissions.first { $0.user == "svc-desk" })
        #expect(desk.write.contains(#"notifications\.commands"#))
        let training = try #require(topology.permissions.first { $0.user == "svc-training" })
        #expect(training.write.contains(#"notifications\.commands"#))
        #expect(!training.write.contains(#"training\.commands"#), "a service does not send its own commands")
    }

    @Test func userPrefixNamesEveryUser() throws {
        let topology = try Fixtures.derive("userPrefix: t1-svc-")
        #expect(topology.users.allSatisfy { $0.name.hasPrefix("t1-svc-") })
        #expect(topology.permissions.allSatisfy { $0.user.hasPrefix("t1-svc-") })
    }
}
