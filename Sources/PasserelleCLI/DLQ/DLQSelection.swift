import ArgumentParser
import Foundation
import PasserelleOps

/// Which parked messages `replay` and `purge` act on: one `ID`, or `--all` narrowed by `--service` and
/// `--type`. Exactly one of the two is required.
struct DLQSelection: ParsableArguments {
    @Argument(help: "The parked message id (a UUID).")
    var id: String?

    @Flag(help: "Every parked message of the selected services (narrow with --service and --type).")
    var all = false

    @Option(help: "Only this service (context).")
    var service: String?

    @Option(help: "Only this message type (with --all).")
    var type: String?

    /// The id as a UUID (after ``validate()``).
    var uuid: UUID? { self.id.flatMap(UUID.init(uuidString:)) }

    mutating func validate() throws {
        switch (self.id, self.all) {
        case (nil, false): throw ValidationError("give a parked message ID or --all")
        case (.some, true): throw ValidationError("give either an ID or --all, not both")
        case (.some(let id), false):
            guard UUID(uuidString: id) != nil else {
                throw ValidationError("\(id) is not a parked message id (a UUID)")
            }
            if self.type != nil { throw ValidationError("--type selects with --all; an ID selects one message") }
        case (nil, true): break
        }
    }

    /// The rows selected (for an ID: that row whatever its status, or none).
    func rows(in store: ParkedStore, before: Date? = nil) async throws -> [ParkedMessage] {
        if let uuid = self.uuid {
            guard let row = try await store.find(uuid), self.service == nil || row.service == self.service else {
                return []
            }
            return [row]
        }
        return try await store.list(ParkedStore.Filter(type: self.type, before: before), service: self.service)
    }
}
