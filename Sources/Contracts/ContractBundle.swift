import Foundation
import JSONSchema

/// What a partner needs to read its contract with standard tools: its AsyncAPI document, its schemas and
/// every file they reference, transitively, each at the path it has under `contracts/`.
///
/// Keeping the paths keeps the relative `$ref`s working (`../../common/schemas/types.json` still names
/// `common/schemas/types.json`), and keeps each schema's `$id` equal to ``ContractSchemas/publishedBase`` plus
/// its path in the bundle.
public struct ContractBundle: Sendable {
    /// One file of the bundle.
    public struct File: Sendable, Hashable {
        /// The path relative to the contracts folder, which is also its path in the bundle, e.g.
        /// `common/schemas/types.json`.
        public var path: String
        /// The file in the contracts folder.
        public var url: URL
        /// The root `$id` of a schema file; `nil` for the AsyncAPI document.
        public var id: String?
    }

    /// The context bundled.
    public var context: String
    /// The files: the context's own first (`asyncapi.yaml`, then its schemas), then the files it references
    /// elsewhere, each group by path.
    public var files: [File]
    /// What keeps the bundle from being self-contained or standard: a file that cannot be read, a reference
    /// to a missing file or to one outside the contracts folder, a schema whose `$id` is not its published
    /// one (rule `id`).
    public var errors: [ContractError]

    /// Collects the files of a context's bundle.
    ///
    /// - Parameters:
    ///   - context: The context, e.g. `prefecture`: its folder must hold `asyncapi.yaml`.
    ///   - root: The contracts folder.
    public init(context: String, root: URL) {
        var walk = BundleWalk(root: root.standardizedFileURL)
        let folder = walk.root.appendingPathComponent(context, isDirectory: true)
        walk.visit(folder.appendingPathComponent("asyncapi.yaml"), from: nil)
        let schemas = folder.appendingPathComponent("schemas", isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: schemas.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".json") {
            walk.visit(schemas.appendingPathComponent(name), from: nil)
        }
        self.context = context
        self.files = walk.files.values.sorted {
            ($0.path.hasPrefix(context + "/") ? 0 : 1, $0.path) < ($1.path.hasPrefix(context + "/") ? 0 : 1, $1.path)
        }
        self.errors = walk.errors
    }
}

/// The depth-first walk of `$ref`s behind ``ContractBundle``.
private struct BundleWalk {
    let root: URL
    var files: [String: ContractBundle.File] = [:]
    var errors: [ContractError] = []

    init(root: URL) {
        self.root = root
    }

    func relativePath(_ url: URL) -> String? {
        let base = self.root.path.hasSuffix("/") ? self.root.path : self.root.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : nil
    }

    mutating func visit(_ url: URL, from referrer: (SourceDocument, String)?) {
        let url = url.standardizedFileURL
        guard let path = self.relativePath(url) else {
            if let (source, pointer) = referrer {
                self.errors.append(source.error("ref", at: pointer, "$ref leaves the contracts folder: \(url.path)"))
            }
            return
        }
        guard self.files[path] == nil else { return }
        guard FileManager.default.fileExists(atPath: url.path) else {
            if let (source, pointer) = referrer {
                self.errors.append(source.error("ref", at: pointer, "$ref names a missing file \(path)"))
            } else {
                self.errors.append(
                    ContractError(rule: "structure", file: path, line: nil, pointer: "", message: "no file \(path)"))
            }
            return
        }
        let source: SourceDocument
        do {
            source = try SourceDocument(url: url, path: path)
        } catch {
            self.errors.append(error)
            return
        }
        let isSchema = path.hasSuffix(".json")
        let id = isSchema ? source.root.objectValue?["$id"]?.stringValue : nil
        self.files[path] = ContractBundle.File(path: path, url: url, id: id)
        if isSchema, let error = ContractSchemas.idError(in: source) {
            self.errors.append(error)
        }
        var references: [(String, String)] = []
        Self.references(in: source.root, pointer: "", into: &references)
        for (reference, pointer) in references {
            let file = String(reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
            guard !file.isEmpty else { continue }
            let target: URL?
            if file.hasPrefix(ContractSchemas.publishedBase) {
                target = URL(string: String(file.dropFirst(ContractSchemas.publishedBase.count)), relativeTo: self.root)
            } else if URL(string: file)?.scheme != nil {
                continue  // another absolute URI (a metaschema): not a file of the contracts
            } else {
                target = URL(string: file, relativeTo: url)
            }
            guard let target else {
                self.errors.append(source.error("ref", at: pointer, "cannot resolve $ref \(reference)"))
                continue
            }
            self.visit(target, from: (source, pointer))
        }
    }

    /// Every `$ref` string in a document, with the pointer of its `$ref` member.
    static func references(in value: JSONValue, pointer: String, into references: inout [(String, String)]) {
        switch value {
        case .object(let object):
            for (key, member) in object {
                let inner = pointer + "/" + SourceDocument.escape(key)
                if key == "$ref", let reference = member.stringValue {
                    references.append((reference, inner))
                } else {
                    Self.references(in: member, pointer: inner, into: &references)
                }
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                Self.references(in: item, pointer: pointer + "/\(index)", into: &references)
            }
        default:
            break
        }
    }
}
