import Foundation
import Storage
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured), .temporarySchema)
struct PrivilegeIntegrationTests {
    /// A client logged in as `role`.
    static func client(role: String, password: String) throws -> PostgresClient {
        var configuration = try TestDatabase.configuration(applicationName: "passerelle-tests \(role)", poolSize: 2)
        configuration.user = role
        configuration.password = password
        configuration[parameter: "options"] = nil
        return PostgresClient(configuration: configuration, logger: TestDatabase.logger)
    }

    @Test func serviceRoleUsesItsSchemaButCannotReadAnotherServicesTable() async throws {
        let admin = try TestDatabase.scope.client
        let suffix = TestDatabase.suffix()
        let (serviceA, serviceB) = ("svc_a_\(suffix)", "svc_b_\(suffix)")
        let (passwordA, passwordB) = (UUID().uuidString, UUID().uuidString)
        try await PostgresServiceRole.provision(service: serviceA, password: passwordA, using: admin)
        try await PostgresServiceRole.provision(service: serviceB, password: passwordB, using: admin)
        // Idempotent: provisioning again changes nothing but the password.
        try await PostgresServiceRole.provision(service: serviceA, password: passwordA, using: admin)
        let clientA = try Self.client(role: serviceA, password: passwordA)
        let clientB = try Self.client(role: serviceB, password: passwordB)
        do {
            try await clientB.execute("CREATE TABLE secrets (id int)")
            try await clientB.execute("INSERT INTO secrets VALUES (1)")

            try await clientA.execute("CREATE TABLE items (id int)")
            try await clientA.execute("INSERT INTO items VALUES (7)")
            #expect(try await clientA.query("SELECT id FROM items").decode(Int32.self) == [7])
            let schema = try await clientA.query("SELECT current_schema()")
            #expect(try schema[0].decode(String.self, at: 0) == serviceA)

            let denied = await #expect(throws: PostgresError.self) {
                try await clientA.query("SELECT * FROM \(unescaped: serviceB).secrets")
            }
            #expect(denied?.sqlState == .insufficientPrivilege)
            let publicDenied = await #expect(throws: PostgresError.self) {
                try await clientA.execute("CREATE TABLE public.intruder_\(unescaped: suffix) (id int)")
            }
            #expect(publicDenied?.sqlState == .insufficientPrivilege)
            let wrongPassword = try Self.client(role: serviceA, password: "not-the-password")
            let refused = await #expect(throws: PostgresError.self) { try await wrongPassword.query("SELECT 1") }
            #expect(refused?.code == .authenticationFailed)
            #expect(refused?.description.contains("not-the-password") == false)
        } catch {
            Issue.record(error)
        }
        await clientA.close()
        await clientB.close()
        try await PostgresServiceRole.drop(service: serviceA, using: admin)
        try await PostgresServiceRole.drop(service: serviceB, using: admin)
    }
}
