public import Foundation

/// Writes generated modules into the source tree and their targets into `Package.swift`, or (with `check`)
/// only tells what a write would change.
public struct CodegenWriter: Sendable {
    /// One file compared with what is on disk.
    public struct Change: Encodable, Sendable, Hashable {
        public var path: String
        /// `created`, `changed`, `removed` or `unchanged`.
        public var status: String
    }

    /// The folder the module folders go to (`Sources`).
    public var sources: String
    /// The manifest with the codegen block (`Package.swift`).
    public var package: String
    /// Compare only; write nothing.
    public var check: Bool

    public init(sources: String = "Sources", package: String = "Package.swift", check: Bool = false) {
        self.sources = sources
        self.package = package
        self.check = check
    }

    /// Every module's files (a module's `.swift` files that the run no longer produces are removed), then
    /// the manifest block of `moduleOverride` (see ``PackageManifestBlock``).
    public func apply(_ modules: [ContractCodegen.Module], moduleOverride: String?) throws -> [Change] {
        var changes = try self.sourceChanges(modules)
        changes.append(try self.manifestChange(modules, block: PackageManifestBlock(moduleOverride: moduleOverride)))
        return changes
    }

    func sourceChanges(_ modules: [ContractCodegen.Module]) throws -> [Change] {
        let manager = FileManager.default
        var changes: [Change] = []
        for module in modules {
            let folder = URL(fileURLWithPath: self.sources).appendingPathComponent(module.name)
            let existing = Set(((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".swift") })
            var generated: Set<String> = []
            for file in module.files {
                let url = URL(fileURLWithPath: self.sources).appendingPathComponent(file.path)
                generated.insert(url.lastPathComponent)
                let current = try? String(contentsOf: url, encoding: .utf8)
                let status = current == nil ? "created" : current == file.contents ? "unchanged" : "changed"
                changes.append(Change(path: "\(self.sources)/\(file.path)", status: status))
                if !self.check, status != "unchanged" {
                    try manager.createDirectory(at: folder, withIntermediateDirectories: true)
                    try file.contents.write(to: url, atomically: true, encoding: .utf8)
                }
            }
            for stale in existing.subtracting(generated).sorted() {
                changes.append(Change(path: "\(self.sources)/\(module.name)/\(stale)", status: "removed"))
                if !self.check { try manager.removeItem(at: folder.appendingPathComponent(stale)) }
            }
        }
        return changes
    }

    func manifestChange(_ modules: [ContractCodegen.Module], block: PackageManifestBlock) throws -> Change {
        guard let manifest = try? String(contentsOfFile: self.package, encoding: .utf8) else {
            throw CodegenError("cannot read \(self.package)")
        }
        let updated = try block.replace(in: manifest, with: modules)
        if updated == manifest { return Change(path: self.package, status: "unchanged") }
        if !self.check { try updated.write(toFile: self.package, atomically: true, encoding: .utf8) }
        return Change(path: self.package, status: "changed")
    }
}
