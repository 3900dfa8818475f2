public import Foundation

/// Serialises the first reads of the bundled data tables (CPV codes, public holidays) across modules:
/// resolving two modules' resource bundles at the same moment has been seen to fail once on Linux, and a
/// missing table is fatal.
public enum ResourceTables {
    private static let lock = NSLock()

    /// Reads a resource file of `bundle` under the process-wide lock.
    ///
    /// - Throws: `CocoaError(.fileNoSuchFile)` when the bundle has no such resource, or the read error.
    public static func data(_ name: String, extension fileExtension: String, in bundle: @autoclosure () -> Bundle) throws -> Data {
        self.lock.lock()
        defer { self.lock.unlock() }
        guard let url = bundle().url(forResource: name, withExtension: fileExtension) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }
}
