import Foundation

extension ServiceScaffold {
    /// The `Package.swift` entries, inserted before the `// services:end` marker.
    public var packageTargets: String {
        let t = self.typeName
        let modules = ["ServiceRuntime", "Storage", "\(t)Contracts"] + (self.consumed.isEmpty ? [] : ["Messaging"])
        let dependencies = modules.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
                .target(name: "\(t)Service", dependencies: [\(dependencies)], swiftSettings: swiftSettings),
                .executableTarget(
                    name: "passerelle-\(self.name)", dependencies: ["\(t)Service", "ServiceRuntime"], path: "Sources/\(t)Main", swiftSettings: swiftSettings),
                .testTarget(name: "\(t)ServiceTests", dependencies: ["\(t)Service", "\(t)Contracts", "ServiceRuntimeTesting"], swiftSettings: swiftSettings),

            """
    }

    /// The entry appended to `services.yaml`.
    public var manifestEntry: String {
        """

          - name: \(self.name)
            product: passerelle-\(self.name)
            summary: Keeps records (written by `passerelle new service`; say what it does).
            http: {port: \(self.httpPort), variable: PASSERELLE_\(self.name.uppercased())_HTTP_PORT}
            routes: [/metrics, /health/ready]

        """
    }

    /// The manifest with ``packageTargets`` inserted.
    ///
    /// - Throws: ``ScaffoldError`` when the manifest has no `// services:end` marker.
    public func registering(in manifest: String) throws(ScaffoldError) -> String {
        guard let end = manifest.range(of: "    // services:end") else {
            throw ScaffoldError("Package.swift has no '// services:end' marker in its serviceTargets list")
        }
        var text = manifest
        text.insert(contentsOf: self.packageTargets, at: end.lowerBound)
        return text
    }
}
