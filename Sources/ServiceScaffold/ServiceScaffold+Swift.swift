import Contracts

extension ServiceScaffold {
    var serviceSource: String {
        let owners = Set(self.consumed.map(\.owner)).sorted()
        let catchAll = "\n        handlers.onEvery(receivedFrom: [\(owners.map { "\"\($0)\"" }.joined(separator: ", "))], Self.received)"
        let received = """

                /// Keeps the id and type of each event consumed from other contexts.
                static func received(_ context: HandlerContext) async throws {
                    try await context.transaction.execute(
                        "INSERT INTO received_events (event_id, event_type) VALUES (\\(context.event.id), \\(context.event.type)) ON CONFLICT DO NOTHING")
                }

            """
        let table = "\n                    CREATE TABLE received_events (event_id text PRIMARY KEY, event_type text NOT NULL);"
        return """
            import Foundation
            import \(self.typeName)Contracts\(owners.isEmpty ? "" : "\nimport Messaging")
            public import ServiceRuntime
            import Storage

            /// The \(self.name) service: `\(self.name).record.create.v1` stores a record once per id and publishes
            /// `\(self.name).record.created.v1` through the outbox, in the same transaction.
            public enum \(self.typeName)Service {
                public static func definition() -> ServiceDefinition {
                    var handlers = ServiceHandlers()
                    handlers.on(RecordCreate.self, Self.create)\(owners.isEmpty ? "" : catchAll)
                    return ServiceDefinition(name: "\(self.name)", migrations: Self.migrations, handlers: handlers)
                }

                static func create(_ command: RecordCreate, _ context: HandlerContext) async throws {
                    let rows = try await context.transaction.query(
                        "INSERT INTO records (record_id, title) VALUES (\\(command.recordId)::uuid, \\(command.title)) ON CONFLICT DO NOTHING RETURNING created_at")
                    guard let row = rows.first else { return }  // already stored: the event went out then
                    let created = RecordCreated(recordId: command.recordId, title: command.title, createdAt: try row.decode(Date.self, at: 0))
                    try await context.transaction.publish(created, aggregate: command.recordId)
                }
            \(owners.isEmpty ? "" : received)
                static let migrations = [
                    PostgresMigration(
                        version: 100, name: "records",
                        sql: \"""
                            CREATE TABLE records (record_id uuid PRIMARY KEY, title text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\(owners.isEmpty ? "" : table)
                            \""")
                ]
            }

            """
    }

    var mainSource: String {
        """
        import \(self.typeName)Service
        import ServiceRuntime

        // `passerelle-\(self.name)`: the \(self.name) service until SIGTERM (settings: ServiceConfiguration.environment).
        await ServiceMain.run("\(self.name)") { _ in \(self.typeName)Service.definition() }

        """
    }

    var testSource: String {
        """
        import Foundation
        import \(self.typeName)Contracts
        import \(self.typeName)Service
        import ServiceRuntimeTesting
        import Testing

        /// A command creates one record and one event, even when it is delivered twice: on the in-memory broker
        /// (with the real PostgreSQL) and on the real servers.
        @Suite(.timeLimit(.minutes(2))) struct \(self.typeName)ServiceTests {
            let command = RecordCreate(recordId: UUID().uuidString.lowercased(), title: "First record")

            @Test(arguments: [ServiceTestBed.Broker.inMemory, .rabbitMQ])
            func aRecordIsCreatedOnce(on broker: ServiceTestBed.Broker) async throws {
                try await ServiceTestBed.run(\(self.typeName)Service.definition(), broker: broker) { bed in
                    try await bed.send(self.command)
                    try await bed.send(self.command)
                    let events = try await bed.published(RecordCreated.self, count: 1)
                    #expect(events.map(\\.recordId) == [self.command.recordId])
                    #expect(try await bed.count("SELECT count(*) FROM records") == 1)
                }
            }
        }

        """
    }
}
