import ContractMessaging
import Messaging
import Storage

/// Opens transactions on a service's schema whose publishes go to its outbox.
struct ServiceDatabase: Sendable {
    let client: PostgresClient
    let schema: PostgresIdentifier
    let source: String
    let catalog: MessageCatalog

    /// Runs `body` in a transaction with `search_path` set to the service schema.
    ///
    /// - Parameter cause: The message being handled, whose trace context the publishes inherit.
    func withTransaction<Result: Sendable>(
        cause: CloudEvent?, _ body: @Sendable (ServiceTransaction) async throws -> Result
    ) async throws -> Result {
        let schema = self.schema
        let source = self.source
        let catalog = self.catalog
        let searchPath = PostgresLocalSetting("search_path", "\(schema.quoted), public")
        return try await self.client.withTransaction(settings: [searchPath]) { transaction in
            let service = ServiceTransaction(
                postgres: transaction, schema: schema, source: source, catalog: catalog, cause: cause,
                pending: OutboxBuffer())
            let result = try await body(service)
            try await service.flushOutbox()
            return result
        }
    }

    /// The same transaction seen from another message's handler: its publishes inherit `cause`.
    func scoped(_ transaction: ServiceTransaction, cause: CloudEvent) -> ServiceTransaction {
        ServiceTransaction(
            postgres: transaction.postgres, schema: self.schema, source: self.source, catalog: self.catalog, cause: cause,
            pending: transaction.pending)
    }

    /// The number of unsent outbox rows that are due.
    func dueCount() async throws -> Int {
        let rows = try await self.client.query(
            "SELECT count(*) FROM \(identifier: self.schema).outbox WHERE sent_at IS NULL AND deliver_at <= now()")
        return Int(try rows[0].decode(Int64.self, at: 0))
    }
}
