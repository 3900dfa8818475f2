import Foundation
import PasserelleOps
import Testing

/// `compose.yaml` as `passerelle services render` writes it: only `provision` gets the administrators'
/// credentials; each service gets its own broker and PostgreSQL passwords and its own secrets, nobody else's.
@Suite struct ComposeCredentialsTests {
    let block = ServicesRenderer(manifest: ServicesRendererTests.manifest).block(for: .compose)

    /// The lines of one entry of the block (from `  name:` to the next entry).
    func entry(_ name: String) throws -> String {
        let start = try #require(self.block.range(of: "  \(name):\n"))
        let rest = self.block[start.upperBound...]
        let end = rest.range(of: #"\n  [a-z]+:\n"#, options: .regularExpression)?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test func provisionHoldsTheAdministratorsAndEveryServicesPasswords() throws {
        let provision = try self.entry("provision")
        #expect(provision.contains("<<: *admin-env"))
        #expect(provision.contains("passerelle topology apply --yes && passerelle db provision"))
        for variable in [
            "PASSERELLE_SECRET_PROCUREMENT", "PASSERELLE_SECRET_PG_PROCUREMENT", "PASSERELLE_SECRET_NOTIFICATIONS",
            "PASSERELLE_SECRET_PG_NOTIFICATIONS",
        ] {
            #expect(provision.contains("      \(variable): ${\(variable):?set \(variable)}\n"))
        }
        #expect(!provision.contains("MASTER_KEY"))
    }

    @Test func eachServiceGetsOnlyItsOwnCredentials() throws {
        let procurement = try self.entry("procurement")
        let notifications = try self.entry("notifications")
        for entry in [procurement, notifications] {
            #expect(entry.contains("<<: *service-env"))
            #expect(!entry.contains("admin-env") && !entry.contains("guest") && !entry.contains("postgres:$"))
            #expect(!entry.contains("secrets:/var/lib/passerelle/secrets"))
            #expect(entry.contains("provision: {condition: service_completed_successfully}"))
        }
        #expect(procurement.contains("PASSERELLE_SECRET_PG_PROCUREMENT: ${PASSERELLE_SECRET_PG_PROCUREMENT:?"))
        #expect(procurement.contains("PASSERELLE_SECRET_PROCUREMENT: ${PASSERELLE_SECRET_PROCUREMENT:?"))
        #expect(procurement.contains("PASSERELLE_PROCUREMENT_MASTER_KEY"))
        #expect(!procurement.contains("NOTIFICATIONS"))
        #expect(notifications.contains("PASSERELLE_SECRET_PG_NOTIFICATIONS: ${PASSERELLE_SECRET_PG_NOTIFICATIONS:?"))
        #expect(!notifications.contains("PROCUREMENT"))
    }

    @Test func theRepositorysComposeFileDefinesTheAnchorsAndNoSharedSecrets() throws {
        let compose = try String(
            contentsOf: ServicesRendererTests.repositoryRoot.appendingPathComponent("compose.yaml"), encoding: .utf8)
        #expect(compose.contains("x-admin-env: &admin-env\n"))
        #expect(compose.contains("x-service-env: &service-env\n"))
        let serviceEnvironment = try #require(compose.components(separatedBy: "x-service-env: &service-env\n").last)
            .components(separatedBy: "\n\n").first ?? ""
        #expect(!serviceEnvironment.contains("guest") && !serviceEnvironment.contains("postgres:$"))
        #expect(!compose.contains("secrets:/var/lib/passerelle/secrets"))
    }
}
