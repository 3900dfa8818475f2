import Foundation
import RuntimeSamples
import ServiceRuntime

// `passerelle-sample alpha|beta`: a sample service of samples/contracts as its own process, for the runtime's
// kill -9 and SIGTERM tests.
let arguments = CommandLine.arguments
guard arguments.count == 2, ["alpha", "beta"].contains(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: passerelle-sample alpha|beta\n".utf8))
    exit(2)
}
let name = arguments[1]
await ServiceMain.run(name, defaultContracts: "samples/contracts", configure: { $0.shutdownTimeout = .seconds(20) }) { _ in
    name == "alpha" ? SampleServices.alpha() : SampleServices.beta()
}
