import ArgumentParser
import Foundation
import PasserelleOps

/// `passerelle services list`: the services of the manifest with the URL each listens on.
struct ServicesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the services of services.yaml: executable, URL, port variable, main routes.",
        discussion: """
            The port is the value of the service's port variable when it is set, else the manifest's default. \
            --tsv prints one line per service for scripts, fields separated by tabs, '-' for an empty field: \
            name, executable, port variable, port, secret files (comma-separated), routes (comma-separated). \
            Exit status: 0, or 1 when the manifest breaks a rule, 2 on a usage error.
            """
    )

    /// One service as `--json` prints it.
    struct Listing: Encodable {
        var name: String
        var product: String
        var summary: String
        var port: Int
        var defaultPort: Int
        var portVariable: String
        var url: String
        var routes: [String]
        var needs: [String]
        var secrets: [ServiceEntry.Secret]
    }

    struct Report: Encodable {
        var ok = true
        var services: [Listing]
    }

    @OptionGroup var location: ServicesManifestLocation

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Flag(help: "Print tab-separated lines for scripts (see below).")
    var tsv = false

    init() {}

    mutating func validate() throws {
        if self.json && self.tsv { throw ValidationError("give --json or --tsv, not both") }
    }

    func run() async throws {
        let manifest = try self.location.load(json: self.json)
        let listings = Self.listings(manifest, environment: ProcessInfo.processInfo.environment)
        if self.json {
            try JSONOutput.print(Report(services: listings))
        } else if self.tsv {
            print(Self.tsv(listings), terminator: "")
        } else {
            print(Self.table(listings), terminator: "")
        }
    }

    static func listings(_ manifest: ServicesManifest, environment: [String: String]) -> [Listing] {
        manifest.services.map { service in
            let port = service.port(environment: environment)
            return Listing(
                name: service.name, product: service.product, summary: service.summary, port: port,
                defaultPort: service.http.port, portVariable: service.http.variable, url: "http://127.0.0.1:\(port)",
                routes: service.routes, needs: service.needs, secrets: service.secrets)
        }
    }

    static func table(_ listings: [Listing]) -> String {
        var table = TextTable(columns: [
            .init("SERVICE"), .init("EXECUTABLE"), .init("URL"), .init("PORT VARIABLE"), .init("ROUTES", maxWidth: 100),
        ])
        for listing in listings {
            let routes = listing.routes.joined(separator: ", ")
            table.append([listing.name, listing.product, listing.url, listing.portVariable, routes])
        }
        return table.render()
    }

    static func tsv(_ listings: [Listing]) -> String {
        listings.map { listing in
            let secrets = listing.secrets.map(\.file).joined(separator: ",")
            let fields = [
                listing.name, listing.product, listing.portVariable, String(listing.port),
                secrets.isEmpty ? "-" : secrets, listing.routes.joined(separator: ", "),
            ]
            return fields.joined(separator: "\t") + "\n"
        }.joined()
    }
}
