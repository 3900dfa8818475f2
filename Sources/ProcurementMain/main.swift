import ProcurementService
import ServiceRuntime

// `passerelle-procurement`: ServiceMain reads the runtime's settings (broker, database, HTTP port
// PASSERELLE_PROCUREMENT_HTTP_PORT); ProcurementSettings.environment() the master key and public URL.
await ServiceMain.run("procurement") { _ in
    ProcurementService.definition(settings: try ProcurementSettings.environment())
}
