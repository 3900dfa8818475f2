import Foundation

#if canImport(Glibc)
import Glibc
#if canImport(CDispatch)
// On Linux, `struct stat` reaches Swift through Dispatch's headers first; with MemberImportVisibility its
// members need that module imported too.
import CDispatch
#endif
#if canImport(CoreFoundation)
// In a release build the same members come through CoreFoundation's headers instead.
import CoreFoundation
#endif
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file handed over by claim check (a `file:` URI) from the claims directories, and checks its size
/// and SHA-256 against the claim.
///
/// Confinement: the path is resolved to its real path (`realpath`: every symlink and `..` resolved) and must
/// lie inside the real path of one of ``allowedRoots``, compared component by component (`/claims2/x` is not
/// inside `/claims`). The file is then opened from the root down, one component at a time with `O_NOFOLLOW`,
/// so a symlink swapped in after the check is not followed, and it must be a regular file. An empty list of
/// roots refuses every claim check.
///
/// What a refusal says: a path outside the roots, missing, unreadable or not a regular file gets the same
/// `claimOutsideStore` refusal with the same message, which never says whether the file exists nor anything
/// about it. A file inside the roots whose size or hash differs from the claim is refused with the claimed
/// values only, never the actual ones.
public struct ClaimCheckReader: Sendable {
    /// The largest file a claim check may name (checked against the claim before the file is touched).
    public static let defaultMaxBytes = 100 << 20

    /// The claims directories a claim may point into.
    public var allowedRoots: [String]
    /// The largest claimed size accepted, in bytes.
    public var maxBytes: Int

    public init(allowedRoots: [String], maxBytes: Int = ClaimCheckReader.defaultMaxBytes) {
        self.allowedRoots = allowedRoots
        self.maxBytes = maxBytes
    }

    public func read(uri: String, sha256: String, sizeBytes: Int, field: String) throws(ServiceProblem) -> Data {
        guard let url = URL(string: uri), url.scheme?.lowercased() == "file",
            url.host.map({ $0.isEmpty || $0 == "localhost" }) ?? true
        else {
            throw ServiceProblem(
                .invalid, code: "unsupportedClaimCheck", field: field,
                rule: "claim checks are file: URIs of the claim-check store", "cannot read \(uri)")
        }
        guard sizeBytes <= self.maxBytes else {
            throw ServiceProblem(
                .invalid, code: "claimTooLarge", field: field,
                rule: "a claim-check file is at most \(self.maxBytes) bytes",
                "the claim says \(sizeBytes) bytes, more than the \(self.maxBytes) a claim check may carry")
        }
        let path = url.path
        guard path.hasPrefix("/"), !path.utf8.contains(0),
            let file = ConfinedFile.openInside(path, roots: self.allowedRoots)
        else {
            throw Self.notInStore(field)
        }
        defer { file.closeDescriptor() }
        guard file.size == sizeBytes, let data = file.readPrefix(limit: sizeBytes + 1), data.count == sizeBytes else {
            throw ServiceProblem(
                .invalid, code: "claimSizeMismatch", field: field, rule: "sizeBytes equals the file size",
                "the file does not have the claimed size of \(sizeBytes) bytes")
        }
        let claimed = sha256.lowercased()
        guard SHA256Hex.of(data) == claimed else {
            throw ServiceProblem(
                .invalid, code: "claimHashMismatch", field: field, rule: "sha256 is the SHA-256 of the file",
                "the file's SHA-256 is not the claimed \(claimed)")
        }
        return data
    }

    /// The one refusal for everything that is not a regular file inside the roots: the same words whatever
    /// the path, so it tells nothing about the file system.
    public static func notInStore(_ field: String) -> ServiceProblem {
        ServiceProblem(
            .invalid, code: "claimOutsideStore", field: field,
            rule: "claim checks point to a regular file inside the claims directory",
            "the claim check is not a file of the claims directory")
    }
}

/// A regular file opened inside a claims directory (see ``ClaimCheckReader``). Owns its descriptor until
/// ``closeDescriptor()``.
struct ConfinedFile {
    let descriptor: Int32
    let size: Int

    /// Opens `path` when its real path is a regular file strictly inside the real path of one of `roots`.
    /// Returns `nil` otherwise, whatever the reason.
    static func openInside(_ path: String, roots: [String]) -> ConfinedFile? {
        guard let real = Self.realPath(path) else { return nil }
        let target = Self.components(real)
        for root in roots {
            guard let rootReal = Self.realPath(root) else { continue }
            let base = Self.components(rootReal)
            guard Self.isInside(target, root: base) else { continue }
            return Self.walk(from: rootReal, through: target[base.count...])
        }
        return nil
    }

    /// Whether `path` (components) lies strictly inside `root` (components).
    static func isInside(_ path: [String], root: [String]) -> Bool {
        path.count > root.count && Array(path.prefix(root.count)) == root
    }

    /// The non-empty components of an absolute path.
    static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// `realpath(3)`, or `nil` when the path does not resolve.
    static func realPath(_ path: String) -> String? {
        guard let resolved = path.withCString({ realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Opens the root, then each component below it with `O_NOFOLLOW` (directories with `O_DIRECTORY`), and
    /// keeps the last one only if it is a regular file.
    private static func walk(from root: String, through relative: ArraySlice<String>) -> ConfinedFile? {
        var directory = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0, let last = relative.last else {
            if directory >= 0 { _ = close(directory) }
            return nil
        }
        for component in relative.dropLast() {
            let next = openat(directory, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            _ = close(directory)
            guard next >= 0 else { return nil }
            directory = next
        }
        // O_NONBLOCK: a FIFO put in the claims directory does not hang the open; fstat refuses it next.
        let descriptor = openat(directory, last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        _ = close(directory)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            _ = close(descriptor)
            return nil
        }
        return ConfinedFile(descriptor: descriptor, size: Int(status.st_size))
    }

    /// Reads at most `limit` bytes from the start; `nil` on a read error.
    func readPrefix(limit: Int) -> Data? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while data.count < limit {
            let wanted = min(buffer.count, limit - data.count)
            let count = buffer.withUnsafeMutableBytes { read(self.descriptor, $0.baseAddress, wanted) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    func closeDescriptor() {
        _ = close(self.descriptor)
    }
}
