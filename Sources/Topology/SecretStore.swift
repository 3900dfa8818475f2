import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where service passwords come from: `PASSERELLE_SECRET_<SERVICE>` in the environment, else the file
/// `<directory>/<service>` (mode 0600, directory 0700), generated at first use.
///
/// Passwords are never printed, logged or exported.
public struct SecretStore: Sendable {
    /// The secrets folder, usually `$PASSERELLE_HOME/secrets`.
    public var directory: URL
    /// The environment to read `PASSERELLE_SECRET_<SERVICE>` from.
    public var environment: [String: String]

    public init(directory: URL, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.directory = directory
        self.environment = environment
    }

    /// The environment variable for `service`: `PASSERELLE_SECRET_` + upper case, `-` and `.` as `_`.
    public static func variable(for service: String) -> String {
        "PASSERELLE_SECRET_" + service.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    /// The password of `service`, generated and stored when there is none yet.
    ///
    /// - Parameter service: The context, e.g. `procurement`.
    /// - Returns: The password.
    /// - Throws: ``TopologyError`` with code ``TopologyError/Code/secretStorage`` when the file cannot be
    ///   read or written.
    public func password(for service: String) throws(TopologyError) -> String {
        if let existing = self.existingPassword(for: service) {
            return existing
        }
        let file = self.directory.appendingPathComponent(service)
        let password = Self.generate()
        let manager = FileManager.default
        do {
            try manager.createDirectory(
                at: self.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: self.directory.path)
        } catch {
            throw TopologyError(.secretStorage, "cannot create \(self.directory.path)")
        }
        // open(2) with mode 0600, so the file is never readable by others, not even for an instant.
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw TopologyError(.secretStorage, "cannot create \(file.path)")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data((password + "\n").utf8))
            try handle.close()
        } catch {
            throw TopologyError(.secretStorage, "cannot write \(file.path)")
        }
        return password
    }

    /// The password of `service` when there is one (the variable, else the file, whitespace trimmed);
    /// never generates one. This is what a service reads at start.
    public func existingPassword(for service: String) -> String? {
        if let value = self.environment[Self.variable(for: service)], !value.isEmpty {
            return value
        }
        let file = self.directory.appendingPathComponent(service)
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// 32 random bytes as URL-safe base64 (43 characters).
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
    }
}
