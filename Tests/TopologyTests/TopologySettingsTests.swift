import Foundation
import Testing
import Topology

struct TopologySettingsTests {
    @Test func emptyDocumentGivesTheDefaults() throws {
        for text in ["", "# only a comment\n", "---\n"] {
            let settings = try TopologySettings(yaml: text)
            #expect(settings == TopologySettings())
        }
        let defaults = TopologySettings()
        #expect(defaults.vhost == "passerelle")
        #expect(defaults.userPrefix == "svc-")
        #expect(defaults.consumerQueues.type == .quorum)
        #expect(defaults.consumerQueues.deliveryLimit == 5)
        #expect(defaults.consumerQueues.retryLevels?.map(\.name) == ["5s", "1m", "10m"])
        #expect(defaults.parkingQueueType == .classic)
    }

    @Test func missingFileGivesTheDefaults() throws {
        let settings = try TopologySettings(contentsOf: URL(fileURLWithPath: "/nonexistent/passerelle.yaml"))
        #expect(settings == TopologySettings())
    }

    @Test func theCommittedSettingsFileParses() throws {
        let url = Fixtures.contractsURL.deletingLastPathComponent().appendingPathComponent("topology/passerelle.yaml")
        let settings = try TopologySettings(contentsOf: url)
        #expect(settings.vhost == "passerelle")
        #expect(settings.partners == ["prefecture", "treasury"])
    }

    @Test func overridesAreReadPerServiceAndQueue() throws {
        let settings = try TopologySettings(
            yaml: """
                vhost: test
                consumerQueues: {deliveryLimit: 7}
                services:
                  notifications: {prefetch: 20, retryLevels: [1s, 2s]}
                queues:
                  notifications.procurement-events: {deliveryLimit: 9}
                """)
        #expect(settings.vhost == "test")
        #expect(settings.consumerQueues.deliveryLimit == 7)
        #expect(settings.consumerQueues.prefetch == 50, "unset defaults stay")
        #expect(settings.services["notifications"]?.retryLevels?.map(\.milliseconds) == [1000, 2000])
        #expect(settings.queues["notifications.procurement-events"]?.deliveryLimit == 9)
    }

    @Test func invalidValuesAreRefusedWithTheirPlace() {
        for text in [
            "consumerQueues: {retryLevels: [5 s]}", "consumerQueues: {prefetch: 0}", "vhost: ''", "services: [1, 2]",
        ] {
            #expect(throws: TopologyError.self, "\(text)") { try TopologySettings(yaml: text) }
        }
    }

    @Test func delayLevelsParseEveryUnit() throws {
        #expect(try DelayLevel("500ms").milliseconds == 500)
        #expect(try DelayLevel("5s").milliseconds == 5_000)
        #expect(try DelayLevel("1m").milliseconds == 60_000)
        #expect(try DelayLevel("10m").milliseconds == 600_000)
        #expect(try DelayLevel("2h").milliseconds == 7_200_000)
        #expect(try DelayLevel("1d").milliseconds == 86_400_000)
        for bad in ["", "s", "0s", "-1s", "1.5s", "5", "5x", "1 m"] {
            #expect(throws: TopologyError.self, "\(bad)") { try DelayLevel(bad) }
        }
    }
}
