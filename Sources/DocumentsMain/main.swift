import DocumentsService
import ServiceRuntime

// `passerelle-documents`: ServiceMain reads the runtime's settings (broker, database, HTTP port
// PASSERELLE_DOCUMENTS_HTTP_PORT); DocumentsSettings.environment() the file store, the claims directories and the
// transmission window (docs/documents.md).
await ServiceMain.run("documents") { _ in
    DocumentsService.definition(settings: try DocumentsSettings.environment())
}
