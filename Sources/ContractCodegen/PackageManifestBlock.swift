public import Foundation

/// The block of `Package.swift` that declares generated targets, between
/// `// codegen:begin <key>` and `// codegen:end <key>`: the generator rewrites it, nothing else.
public struct PackageManifestBlock: Sendable {
    /// Names the block: `contracts` or the module override (`SampleContracts`).
    public var key: String
    /// The Swift variable the block declares, added to the package's targets.
    public var variable: String

    /// The block of the per-context modules (`contracts`, `contractTargets`), or of one override module
    /// (`SampleContracts`, `sampleContractsTargets`).
    public init(moduleOverride: String?) {
        self.key = moduleOverride ?? "contracts"
        self.variable = moduleOverride.map { $0.prefix(1).lowercased() + $0.dropFirst() + "Targets" } ?? "contractTargets"
    }

    /// The block's text for these modules.
    public func render(_ modules: [ContractCodegen.Module]) -> String {
        var text = "// codegen:begin \(self.key): written by `passerelle contracts codegen`, do not edit.\n"
        text += "let \(self.variable): [Target] = [\n"
        for module in modules {
            let dependencies = module.dependencies.map { "\"\($0)\"" }.joined(separator: ", ")
            text += "    .target(name: \"\(module.name)\", dependencies: [\(dependencies)], swiftSettings: swiftSettings),\n"
        }
        text += "]\n// codegen:end \(self.key)\n"
        return text
    }

    /// The manifest with its block replaced.
    ///
    /// - Throws: ``CodegenError`` when the manifest has no such block.
    public func replace(in manifest: String, with modules: [ContractCodegen.Module]) throws(CodegenError) -> String {
        let begin = "// codegen:begin \(self.key)"
        let end = "// codegen:end \(self.key)\n"
        guard let start = manifest.range(of: begin), let stop = manifest.range(of: end, range: start.upperBound..<manifest.endIndex)
        else {
            throw CodegenError("Package.swift has no '\(begin)' … '\(end.dropLast())' block to write the targets into")
        }
        return manifest.replacingCharacters(in: start.lowerBound..<stop.upperBound, with: self.render(modules))
    }
}
