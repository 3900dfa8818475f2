// The operations library (management client, topology apply, the parked-message store, the services
// manifest) is what most commands drive, so every file of the CLI sees it, and so do the CLI's clients.
// Files that use it still import it by name; this line also covers those written before the split.
@_exported import PasserelleOps
