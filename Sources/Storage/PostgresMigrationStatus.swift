public import Foundation

/// Which migrations of a schema are applied and which are pending, for `passerelle doctor`.
public struct PostgresMigrationStatus: Sendable {
    /// A migration recorded in `<schema>.schema_migrations`.
    public struct Applied: Hashable, Sendable {
        /// The version.
        public var version: Int
        /// The file name recorded when it was applied.
        public var name: String
        /// The SHA-256 recorded when it was applied.
        public var checksum: String
        /// When it was applied.
        public var appliedAt: Date
    }

    /// The schema.
    public var schema: String
    /// The applied migrations, by version.
    public var applied: [Applied]
    /// The migrations not applied yet, by version.
    public var pending: [PostgresMigration]
    /// Applied migrations whose file has changed since (different checksum): ``PostgresMigrations/apply(using:)``
    /// refuses to run until they are restored.
    public var changed: [PostgresMigration]
    /// Applied versions with no file here (applied by a newer release, or a file was deleted).
    public var unknown: [Applied]

    /// Whether nothing is pending or changed.
    public var isUpToDate: Bool { self.pending.isEmpty && self.changed.isEmpty }
}
