import ProcurementService
import ServiceRuntime

// `passerelle-procurement`: ServiceMain reads the runtime's settings (broker, database, HTTP port
// PASSERELLE_PROCUREMENT_HTTP_PORT); ProcurementSettings.environment() the master key, the public URL and the
// claims directory (PASSERELLE_PROCUREMENT_CLAIMS_DIR, created 0700 if missing).
await ServiceMain.run("procurement") { _ in
    ProcurementService.definition(settings: try ProcurementSettings.environment())
}
