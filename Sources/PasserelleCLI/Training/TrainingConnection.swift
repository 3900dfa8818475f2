import ArgumentParser
import Foundation

/// Where the training scheduler is and who calls it, as for the desk: `--training-url` (default
/// `$PASSERELLE_TRAINING_URL`, else `http://127.0.0.1:$PASSERELLE_TRAINING_HTTP_PORT`, else port 8085) and an
/// operator's bearer token: `--token`, else `$PASSERELLE_TOKEN`, else one minted for five minutes by the local
/// development identity provider (`--identity-dir`, default `$PASSERELLE_HOME/secrets/identity`).
struct TrainingConnection: ParsableArguments {
    @OptionGroup var endpoints: ServiceEndpoints
    @OptionGroup var identity: IdentityLocation

    init() {}

    /// The service's base URL, without a trailing slash.
    var baseURL: String {
        var url = self.endpoints.training
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// A client with an operator's token.
    ///
    /// - Throws: `ValidationError` (exit 2) when no token is given and the development provider cannot mint one.
    func client() async throws -> TrainingClient {
        if let token = self.endpoints.bearer {
            return TrainingClient(baseURL: self.baseURL, token: token)
        }
        do {
            return TrainingClient(
                baseURL: self.baseURL, token: try await DocumentsConnection.mintOperatorToken(in: self.identity.url))
        } catch {
            throw ValidationError(
                "the training service needs an operator's token: --token, PASSERELLE_TOKEN, or the development identity "
                    + "provider in \(self.identity.url.path) (passerelle token keygen; or --identity-dir): \(error)")
        }
    }
}
