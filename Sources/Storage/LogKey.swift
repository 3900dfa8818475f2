/// The logging metadata keys of the Storage module, in one place (style rule 10).
enum LogKey {
    static let backendPID = "postgres.backend_pid"
    static let channel = "postgres.channel"
    static let schema = "postgres.schema"
    static let migration = "postgres.migration"
    static let attempt = "postgres.attempt"
    static let sqlState = "postgres.sqlstate"
    static let errorCode = "error.code"
}
