public import Foundation

/// Writes the parts of `compose.yaml`, the `Dockerfile` and `README.md` that list the services, from
/// ``ServicesManifest`` (`passerelle services render`).
///
/// Each file holds one block between a `services:begin` line and a `services:end` line (`# …` in
/// `compose.yaml` and the `Dockerfile`, `<!-- … -->` in README); the renderer replaces the lines between
/// the two markers and leaves everything else, the marker lines included, as it is. The output depends on
/// the manifest alone (default ports, never the environment), so rendering twice gives the same bytes.
public struct ServicesRenderer: Sendable {
    /// A file with a generated block.
    public enum Target: String, CaseIterable, Sendable, Encodable {
        /// The service entries of `compose.yaml`.
        case compose = "compose.yaml"
        /// The `ARG` of the `Dockerfile` that lists the executables to build.
        case dockerfile = "Dockerfile"
        /// README's table of services.
        case readme = "README.md"

        /// The start of the line that opens the block.
        public var beginMarker: String { self == .readme ? "<!-- services:begin" : "# services:begin" }
        /// The start of the line that closes the block.
        public var endMarker: String { self == .readme ? "<!-- services:end" : "# services:end" }
    }

    /// One file as it is and as rendering would leave it.
    public struct FileChange: Sendable, Hashable {
        /// Which file, and so which block and markers.
        public var target: Target
        /// Where the file is: ``Target/rawValue`` under the repository root.
        public var url: URL
        /// Its text as read.
        public var current: String
        /// Its text with the block rendered.
        public var rendered: String

        /// Whether rendering changes the file.
        public var isChanged: Bool { self.current != self.rendered }

        /// Writes ``rendered`` when it differs from ``current``.
        ///
        /// - Throws: ``ServicesError`` (`unreadable`) when the file cannot be written.
        public func write() throws(ServicesError) {
            guard self.isChanged else { return }
            do {
                try self.rendered.write(to: self.url, atomically: true, encoding: .utf8)
            } catch {
                throw ServicesError(.unreadable, file: self.target.rawValue, rule: "cannot write \(self.url.path)")
            }
        }
    }

    /// The services, in the order the blocks list them.
    public let manifest: ServicesManifest

    /// Creates a renderer.
    public init(manifest: ServicesManifest) {
        self.manifest = manifest
    }

    /// The lines that go between the markers of `target`, each ending with a newline.
    public func block(for target: Target) -> String {
        switch target {
        case .compose: self.composeBlock()
        case .dockerfile: self.dockerfileBlock()
        case .readme: self.readmeBlock()
        }
    }

    /// `text` with the block of `target` rendered.
    ///
    /// - Parameters:
    ///   - target: Which file `text` is.
    ///   - text: The file's text.
    /// - Returns: The text with the lines between the markers replaced.
    /// - Throws: ``ServicesError`` (`missingMarkers`) unless the text has exactly one begin line followed by
    ///   exactly one end line.
    public func render(_ target: Target, in text: String) throws(ServicesError) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        let begins = trimmed.indices.filter { trimmed[$0].hasPrefix(target.beginMarker) }
        let ends = trimmed.indices.filter { trimmed[$0].hasPrefix(target.endMarker) }
        guard begins.count == 1, ends.count == 1, let begin = begins.first, let end = ends.first, begin < end else {
            throw ServicesError(
                .missingMarkers, file: target.rawValue,
                rule: "needs exactly one '\(target.beginMarker)' line followed by one '\(target.endMarker)' line "
                    + "(found \(begins.count) and \(ends.count))")
        }
        let block = self.block(for: target).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        lines.replaceSubrange((begin + 1)..<end, with: block.map(String.init))
        return lines.joined(separator: "\n")
    }

    /// Every target file under `root` as it is and as rendering would leave it; nothing is written.
    ///
    /// - Parameter root: The repository root (the folder of `services.yaml`).
    /// - Returns: One change per target, in ``Target`` order.
    /// - Throws: ``ServicesError``: `unreadable` for a missing file, `missingMarkers` for a file without its block.
    public func changes(root: URL) throws(ServicesError) -> [FileChange] {
        var changes: [FileChange] = []
        for target in Target.allCases {
            let url = root.appendingPathComponent(target.rawValue)
            let current: String
            do {
                current = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw ServicesError(.unreadable, file: target.rawValue, rule: "cannot read \(url.path)")
            }
            changes.append(
                FileChange(target: target, url: url, current: current, rendered: try self.render(target, in: current)))
        }
        return changes
    }
}
