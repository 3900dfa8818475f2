import Foundation
import JSONSchema

/// Reads `contracts/*/asyncapi.yaml` (and the schema files they reference) into one ``ContractHub``.
///
/// Loading goes on past errors, so one run reports every problem; each error names the file, the line
/// and the JSON pointer.
public struct ContractLoader: Sendable {
    /// The contracts folder.
    public var root: URL

    /// Creates a loader.
    ///
    /// - Parameter root: The contracts folder (`contracts/`).
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// The result of a load: the hub as far as it could be built, and every error found.
    public struct Result: Sendable {
        /// The hub.
        public var hub: ContractHub
        /// The errors, in file order.
        public var errors: [ContractError]
    }

    /// Loads every contract.
    ///
    /// - Returns: The hub and the errors.
    public func load() -> Result {
        var state = LoadState(root: self.root)
        let folders = (try? FileManager.default.contentsOfDirectory(at: self.root, includingPropertiesForKeys: nil)) ?? []
        for folder in folders.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            let file = folder.appendingPathComponent("asyncapi.yaml")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            if let document = state.source(at: file) {
                state.readDocument(document)
            }
        }
        for document in state.pendingOperations {
            state.readOperations(document)
        }
        var hub = ContractHub(documents: state.documents, messages: state.messages, sources: state.sources)
        hub.unresolvedOperations = state.unresolvedOperations
        return Result(hub: hub, errors: state.errors)
    }
}

/// The mutable state of one load.
struct LoadState {
    let root: URL
    var documents: [String: ContractDocument] = [:]
    var messages: [String: MessageContract] = [:]
    var sources: [String: SourceDocument] = [:]
    var errors: [ContractError] = []
    var pendingOperations: [ContractDocument] = []
    var unresolvedOperations: [UnresolvedOperation] = []
    /// Message type by "file#/channels/id".
    var channelTypes: [String: [String]] = [:]

    init(root: URL) {
        self.root = root
    }

    func relativePath(_ url: URL) -> String {
        let base = self.root.path.hasSuffix("/") ? self.root.path : self.root.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// Loads (once) the file at `url`.
    mutating func source(at url: URL) -> SourceDocument? {
        let key = url.standardizedFileURL.absoluteString
        if let cached = self.sources[key] {
            return cached
        }
        do {
            let document = try SourceDocument(url: url.standardizedFileURL, path: self.relativePath(url))
            self.sources[key] = document
            return document
        } catch {
            self.errors.append(error)
            return nil
        }
    }

    /// Resolves a `$ref` written in `document` at `pointer`: a local `#/…` pointer or a relative file
    /// with an optional fragment.
    mutating func resolve(_ reference: String, from document: SourceDocument, at pointer: String) -> (SourceDocument, String, JSONValue)? {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let filePart = String(parts[0])
        let fragment = parts.count > 1 ? String(parts[1]) : ""
        var target = document
        if !filePart.isEmpty {
            guard let url = URL(string: filePart, relativeTo: document.url)?.standardizedFileURL else {
                self.errors.append(document.error("ref", at: pointer, "cannot resolve $ref \(reference)"))
                return nil
            }
            guard FileManager.default.fileExists(atPath: url.path) else {
                self.errors.append(document.error("ref", at: pointer, "$ref \(reference): no file \(self.relativePath(url))"))
                return nil
            }
            guard let loaded = self.source(at: url) else { return nil }
            target = loaded
        }
        guard let value = target.value(at: fragment) else {
            self.errors.append(document.error("ref", at: pointer, "$ref \(reference): nothing at #\(fragment) in \(target.path)"))
            return nil
        }
        return (target, fragment, value)
    }
}
