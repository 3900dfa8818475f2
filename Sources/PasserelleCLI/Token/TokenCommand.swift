import ArgumentParser
import Foundation
import Identity

extension Passerelle {
    /// `passerelle token …`: the development identity provider (its signing key and the tokens it mints).
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Mint tokens with the local development identity provider.",
            discussion: """
                In production the identity provider is an OpenID Connect server (ProConnect for agents, an OIDC \
                provider for companies) and the services verify its tokens against its JWKS. Locally, \
                $PASSERELLE_HOME/secrets/identity holds an ES256 signing key and the jwks.json the services read \
                (PASSERELLE_IDENTITY_JWKS); these commands manage it and mint tokens with the same claims.
                """,
            subcommands: [TokenKeygen.self, TokenIssue.self])

        init() {}
    }
}

/// Where the development provider lives.
struct IdentityLocation: ParsableArguments {
    @Option(help: "The provider's folder. Default: $PASSERELLE_HOME/secrets/identity.")
    var identityDir: String?

    var url: URL {
        if let identityDir { return URL(fileURLWithPath: identityDir) }
        let home = ProcessInfo.processInfo.environment["PASSERELLE_HOME"] ?? ".passerelle"
        return URL(fileURLWithPath: home).appendingPathComponent("secrets/identity")
    }
}

/// `passerelle token keygen [--rotate]`.
struct TokenKeygen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create the development signing key and key set if missing (or rotate the key).",
        discussion: "A rotation keeps the previous public keys in jwks.json, so tokens already issued stay valid.")

    @OptionGroup var location: IdentityLocation

    @Flag(help: "Make a new signing key even when one exists.")
    var rotate = false

    func run() async throws {
        var provider = try DevelopmentIdentityProvider.createIfMissing(in: self.location.url)
        if self.rotate { provider = try provider.rotate() }
        print("signing key \(provider.kid) in \(provider.directory.path); key set \(provider.keySetURL.path)")
    }
}

/// `passerelle token issue --sub S --role R …`: prints a signed token.
struct TokenIssue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Print a token signed by the development provider.",
        discussion: """
            Examples: an opener of the commune of Dijon: --sub agent-7 --role opener --siren 212102313; a \
            company: --sub contact@btp.fr --email contact@btp.fr --siret 55203253400646; an operator: \
            --sub ops-1 --role operator. Exit 0, 2 on a usage error.
            """)

    @OptionGroup var location: IdentityLocation

    @Option(help: "The subject (sub).")
    var sub: String

    @Option(help: "A platform role (repeatable): buyer, opener, administrator, operator, auditor, company.")
    var role: [String] = []

    @Option(help: "The SIREN of the agent's public body (9 digits).")
    var siren: String?

    @Option(help: "The company's SIRET (14 digits).")
    var siret: String?

    @Option(help: "The e-mail address.")
    var email: String?

    @Option(help: "The lifetime in seconds.")
    var ttl: Int = 3600

    @Option(help: "The audience (repeatable). Default: passerelle.")
    var audience: [String] = []

    @Flag(help: "Print the token and its claims as JSON.")
    var json = false

    func validate() throws {
        if let siren, siren.count != 9 || !siren.allSatisfy(\.isASCII) || !siren.allSatisfy(\.isNumber) {
            throw ValidationError("--siren: 9 digits")
        }
        if let siret, siret.count != 14 || !siret.allSatisfy(\.isASCII) || !siret.allSatisfy(\.isNumber) {
            throw ValidationError("--siret: 14 digits")
        }
        guard (1...86_400 * 30).contains(self.ttl) else { throw ValidationError("--ttl: 1 s to 30 days") }
    }

    func run() async throws {
        let provider: DevelopmentIdentityProvider
        do {
            provider = try DevelopmentIdentityProvider(directory: self.location.url)
        } catch {
            throw ValidationError("\(error) (or pass --identity-dir)")
        }
        let token = try await provider.issue(
            subject: self.sub, email: self.email, roles: self.role, siren: self.siren, siret: self.siret,
            ttl: TimeInterval(self.ttl),
            audience: self.audience.isEmpty ? [DevelopmentIdentityProvider.defaultAudience] : self.audience)
        guard self.json else {
            print(token)
            return
        }
        struct Output: Encodable {
            var token: String
            var kid: String
            var sub: String
            var roles: [String]
            var siren: String?
            var siret: String?
            var expiresInSeconds: Int
        }
        try JSONOutput.print(
            Output(token: token, kid: provider.kid, sub: self.sub, roles: self.role, siren: self.siren, siret: self.siret,
                   expiresInSeconds: self.ttl))
    }
}
