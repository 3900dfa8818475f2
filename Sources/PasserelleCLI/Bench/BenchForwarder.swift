import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Passerelle {
    /// `passerelle bench …` runs `passerelle-bench …`, the executable next to this one, with the same
    /// arguments: the operator binary stays free of the test kit and the sample services.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a benchmark against the local servers (runs passerelle-bench; see `passerelle bench --help`).")

        @Argument(parsing: .captureForPassthrough, help: "amqp | pg | validate | e2e | procurement | auth | bridge | documents | desk | training, and their options.")
        var arguments: [String] = []

        init() {}

        func run() throws {
            let directory = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0]).deletingLastPathComponent()
            let tool = directory.appendingPathComponent("passerelle-bench").path
            guard FileManager.default.isExecutableFile(atPath: tool) else {
                throw ValidationError("\(tool) is missing: build it with `swift build --product passerelle-bench`")
            }
            let argv = ([tool] + self.arguments).map { strdup($0) } + [nil]
            execv(tool, argv)
            throw ValidationError("cannot run \(tool): errno \(errno)")
        }
    }
}
