import DeskService
import ServiceRuntime

// `passerelle-desk`: ServiceMain reads the runtime's settings (broker, database, HTTP port PASSERELLE_DESK_HTTP_PORT);
// DeskSettings.environment() the catalogue folder, the Sirene API (or its local stub) and the claims folders
// (docs/desk.md).
await ServiceMain.run("desk") { _ in
    try DeskService.definition(settings: try DeskSettings.environment())
}
