import Foundation
import PasserelleOps
import Testing

@testable import PasserelleCLI

/// Runs against the broker of `scripts/infra up` (eval "$(scripts/infra env)" first).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PASSERELLE_AMQP_MANAGEMENT_URL"] != nil))
struct ManagementClientIntegrationTests {
    let url = ProcessInfo.processInfo.environment["PASSERELLE_AMQP_MANAGEMENT_URL"] ?? ""

    @Test func overviewReportsVersions() async throws {
        let client = try ManagementClient(baseURL: self.url, username: "guest", password: "guest")
        let overview = try await client.overview()
        #expect(overview.rabbitmqVersion.hasPrefix("3.") || overview.rabbitmqVersion.hasPrefix("4."))
        #expect(overview.managementVersion == overview.rabbitmqVersion)
        #expect(overview.node != nil)
    }

    @Test func nodesReportTheRequiredPlugins() async throws {
        let client = try ManagementClient(baseURL: self.url, username: "guest", password: "guest")
        let nodes = try await client.nodes()
        let node = try #require(nodes.first { $0.running })
        let plugins = try #require(node.runningPlugins)
        #expect(Set(Passerelle.Doctor.requiredPlugins).isSubset(of: plugins))
        #expect(node.enabledPlugins?.contains("rabbitmq_management") == true)
    }

    /// The server answers 401 (a timeout would be another code), and the password is not in the error.
    @Test func wrongPasswordIsUnauthorized() async throws {
        let client = try ManagementClient(baseURL: self.url, username: "guest", password: "N0tThePassword", timeout: .seconds(20))
        let error = await #expect(throws: ManagementError.self) { try await client.overview() }
        #expect(error?.code == .unauthorized)
        #expect(error.map { !"\($0)".contains("N0tThePassword") } == true)
    }

    @Test func genericGetDecodesAnyPathAndReportsDecodingErrors() async throws {
        struct Vhost: Decodable { var name: String }
        let client = try ManagementClient(baseURL: self.url, username: "guest", password: "guest")
        let vhost: Vhost = try await client.get("/api/vhosts/%2F")
        #expect(vhost.name == "/")
        let error = await #expect(throws: ManagementError.self) { _ = try await client.get("/api/overview", as: [Vhost].self) }
        #expect(error?.code == .decoding)
        let missing = await #expect(throws: ManagementError.self) { _ = try await client.get("/api/queues/%2F/no-such-queue", as: Vhost.self) }
        #expect(missing?.code == .httpStatus)
        #expect(missing?.status == 404)
    }
}
