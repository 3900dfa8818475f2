import Foundation
import ServiceRuntime
import Topology

extension ServicesRenderer {
    /// The `provision` entry, then one `compose.yaml` entry per service, built from the `Dockerfile` image.
    ///
    /// `provision` is the only entry with the administrators' credentials (`*admin-env`, defined above the
    /// block): it applies the broker topology (each service's `svc-<name>` user) and provisions each service's
    /// PostgreSQL roles (`svc_<name>`, `<name>_owner`), with the passwords from your environment. A service gets
    /// the servers' addresses without credentials (`*service-env`), its own two passwords (broker and
    /// PostgreSQL) and its own secrets, never guest, postgres or another service's; then its HTTP port and
    /// host, its public URL, the published port (moved by the same variable as with `scripts/up`) and the
    /// services it waits for.
    func composeBlock() -> String {
        var text = """
              # Runs once before the services, the only entry with the administrators' credentials: the broker
              # topology with each service's user (passerelle topology apply), then each service's PostgreSQL
              # login and owner roles (passerelle db provision). The passwords come from your environment.
              provision:
                build: .
                command: ["/bin/sh", "-c", "passerelle topology apply --yes && passerelle db provision --manifest /app/services.yaml"]
                environment:
                  <<: *admin-env

            """
        for service in self.manifest.services {
            text += Self.passwordLines(service)
        }
        text += """
                volumes:
                  - ./services.yaml:/app/services.yaml:ro
                depends_on:
                  rabbitmq: {condition: service_healthy}
                  postgres: {condition: service_healthy}

            """
        for service in self.manifest.services {
            let prefix = service.environmentPrefix
            let port = service.http.port
            let hostPort = "${\(service.http.variable):-\(port)}"
            text += "\n"
            text += """
                  \(service.name):
                    build: .
                    command: ["\(service.product)"]
                    environment:
                      <<: *service-env
                      \(service.http.variable): "\(port)"
                      \(prefix)_HTTP_HOST: 0.0.0.0
                      \(prefix)_PUBLIC_URL: http://127.0.0.1:\(hostPort)

                """
            text += Self.passwordLines(service)
            for secret in service.secrets {
                text += Self.requiredVariable(secret.variable)
            }
            text += """
                    ports:
                      - "127.0.0.1:\(hostPort):\(port)"
                    depends_on:
                      provision: {condition: service_completed_successfully}
                      postgres: {condition: service_healthy}

                """
            for need in service.needs {
                text += "      \(need): {condition: service_healthy}\n"
            }
        }
        return text
    }

    /// The service's broker password (`PASSERELLE_SECRET_<NAME>`) and PostgreSQL password
    /// (`PASSERELLE_SECRET_PG_<NAME>`), both required from your environment.
    private static func passwordLines(_ service: ServiceEntry) -> String {
        let broker = SecretStore.variable(for: service.name)
        let postgres = SecretStore.variable(for: ServiceConfiguration.postgresSecretName(service: service.name))
        return Self.requiredVariable(broker) + Self.requiredVariable(postgres)
    }

    /// `VARIABLE: ${VARIABLE:?set VARIABLE}`: compose refuses to start without it.
    private static func requiredVariable(_ variable: String) -> String {
        "      \(variable): ${\(variable):?set \(variable)}\n"
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
