public import Foundation
public import Identity

/// Where a service finds the identity provider's keys and which tokens it accepts.
public struct IdentityConfiguration: Sendable {
    public var verifier: TokenVerifier.Settings

    public init(verifier: TokenVerifier.Settings) {
        self.verifier = verifier
    }

    /// Reads:
    /// - `PASSERELLE_IDENTITY_JWKS`: a file path or an `https://` URL (default
    ///   `$PASSERELLE_HOME/secrets/identity/jwks.json`, the development provider's set);
    /// - `PASSERELLE_IDENTITY_ISSUER` (default ``DevelopmentIdentityProvider/defaultIssuer``);
    /// - `PASSERELLE_IDENTITY_AUDIENCE` (default `passerelle`).
    ///
    /// - Returns: `nil` when `PASSERELLE_IDENTITY_JWKS` is not set and the default file does not exist: the
    ///   service then refuses every token (a service without token routes, such as the samples, still runs).
    /// - Throws: ``ServiceRuntimeError`` (`invalidConfiguration`) when `PASSERELLE_IDENTITY_JWKS` names a file
    ///   that does not exist, or an `http://` URL off loopback.
    public static func environment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> IdentityConfiguration? {
        let home = env["PASSERELLE_HOME"] ?? ".passerelle"
        let explicit = env["PASSERELLE_IDENTITY_JWKS"]
        let location = explicit ?? "\(home)/secrets/identity/jwks.json"
        let source: KeySetSource
        do {
            source = try KeySetSource(location)
        } catch {
            throw ServiceRuntimeError(.invalidConfiguration, "PASSERELLE_IDENTITY_JWKS: \(error.message)")
        }
        if case .file(let path) = source, !FileManager.default.fileExists(atPath: path) {
            guard explicit != nil else { return nil }
            throw ServiceRuntimeError(
                .invalidConfiguration,
                "no identity key set at \(path): set PASSERELLE_IDENTITY_JWKS or run `passerelle token keygen`")
        }
        let settings = TokenVerifier.Settings(
            issuer: env["PASSERELLE_IDENTITY_ISSUER"] ?? DevelopmentIdentityProvider.defaultIssuer,
            audience: env["PASSERELLE_IDENTITY_AUDIENCE"] ?? DevelopmentIdentityProvider.defaultAudience,
            keySet: source)
        return IdentityConfiguration(verifier: settings)
    }

    /// The operators' broker users: `PASSERELLE_OPERATOR_USERS` (comma-separated), else the user of
    /// `PASSERELLE_AMQP_URL` (the CLI's).
    public static func operatorUsers(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Set<String> {
        var operators = Set(
            (env["PASSERELLE_OPERATOR_USERS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty })
        if operators.isEmpty, let url = env["PASSERELLE_AMQP_URL"], let user = URLComponents(string: url)?.user {
            operators.insert(user)
        }
        return operators
    }
}
