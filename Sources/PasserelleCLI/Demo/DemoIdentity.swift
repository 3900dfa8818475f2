import Foundation
import Identity

/// The demo's people, with the tokens the local identity provider mints for them: it acts as the portal
/// would, on behalf of signed-in agents and companies.
struct DemoIdentity: Sendable {
    let provider: DevelopmentIdentityProvider

    /// The development provider of `$PASSERELLE_HOME/secrets/identity` (created by `scripts/up`).
    static func load(home: String) throws -> DemoIdentity {
        DemoIdentity(provider: try DevelopmentIdentityProvider(directory: URL(fileURLWithPath: home).appendingPathComponent("secrets/identity")))
    }

    /// The hub's operator, who reads histories and delivery reports.
    func operatorToken() async throws -> String {
        try await self.provider.issue(subject: "demo-operator", roles: [Caller.Role.operator])
    }

    /// An agent of a buyer with these roles.
    func agent(_ subject: String, of buyer: DemoCast.Buyer, roles: [String]) async throws -> String {
        try await self.provider.issue(subject: subject, roles: roles, siren: String(buyer.siret.prefix(9)))
    }

    /// A company's staff member.
    func company(_ company: DemoCast.Company, subject: String? = nil) async throws -> String {
        try await self.provider.issue(
            subject: subject ?? company.email, email: company.email, name: company.contact, roles: [Caller.Role.company],
            siret: company.siret)
    }
}
