import Foundation

extension ServicesRenderer {
    /// One `compose.yaml` entry per service, built from the `Dockerfile` image: the platform environment
    /// (`*platform-env`, defined by the `topology` entry above the block), the HTTP port and host, the
    /// public URL, each secret from your environment, the published port (moved by the same variable as
    /// with `scripts/up`), the secrets volume and the services it waits for.
    func composeBlock() -> String {
        var text = ""
        for (index, service) in self.manifest.services.enumerated() {
            let prefix = service.environmentPrefix
            let port = service.http.port
            let hostPort = "${\(service.http.variable):-\(port)}"
            if index > 0 { text += "\n" }
            text += """
                  \(service.name):
                    build: .
                    command: ["\(service.product)"]
                    environment:
                      <<: *platform-env
                      \(service.http.variable): "\(port)"
                      \(prefix)_HTTP_HOST: 0.0.0.0
                      \(prefix)_PUBLIC_URL: http://127.0.0.1:\(hostPort)

                """
            for secret in service.secrets {
                text += "      \(secret.variable): ${\(secret.variable):?set \(secret.variable)}\n"
            }
            text += """
                    ports:
                      - "127.0.0.1:\(hostPort):\(port)"
                    volumes:
                      - secrets:/var/lib/passerelle/secrets:ro
                    depends_on:
                      topology: {condition: service_completed_successfully}
                      postgres: {condition: service_healthy}

                """
            for need in service.needs {
                text += "      \(need): {condition: service_healthy}\n"
            }
        }
        return text
    }

    /// The `ARG` the `Dockerfile`'s build step loops over: every service executable, in manifest order.
    func dockerfileBlock() -> String {
        "ARG PASSERELLE_SERVICES=\"\(self.manifest.services.map(\.product).joined(separator: " "))\"\n"
    }

    /// README's table: service and executable, what it does, where it listens (default port) and the
    /// variable that moves it, its main routes, and the secrets `scripts/up` creates for it.
    func readmeBlock() -> String {
        var text = "| Service | What it does | URL | Port variable | Main routes | Secrets (`.passerelle/secrets/`) |\n"
        text += "|---|---|---|---|---|---|\n"
        for service in self.manifest.services {
            let routes = service.routes.map { "`\($0)`" }.joined(separator: ", ")
            let secrets = service.secrets.map { "`\($0.file)` (\(Self.cell($0.about)))" }.joined(separator: ", ")
            let cells = [
                "**\(service.name)** (`\(service.product)`)", Self.cell(service.summary),
                "http://127.0.0.1:\(service.http.port)", "`\(service.http.variable)`", routes,
                secrets.isEmpty ? "–" : secrets,
            ]
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return text
    }

    /// Text safe in a Markdown table cell: `|` escaped.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
