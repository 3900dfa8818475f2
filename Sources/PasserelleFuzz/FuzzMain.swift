import Foundation

/// `passerelle-fuzz`: the libFuzzer targets of Passerelle in one binary (see docs/fuzzing.md).
///
/// Built with `-sanitize=fuzzer,address -DPASSERELLE_FUZZ` (what `scripts/fuzz` does), the binary is a libFuzzer
/// driver: `passerelle-fuzz TARGET [libFuzzer flags and corpus dirs…]`. The target name is taken out of the
/// arguments before libFuzzer reads them, and also put in `PASSERELLE_FUZZ_TARGET`, which the worker processes
/// libFuzzer forks (`-jobs`, `-fork`) read.
///
/// Built by a plain `swift build` (no sanitizer), the same harness code compiles and the binary replays inputs
/// instead: `passerelle-fuzz TARGET FILE_OR_DIR…` runs every input once (a crash is a crash), and
/// `passerelle-fuzz seeds DIR` writes the generated part of the seed corpus.
@main
enum FuzzMain {
    static func main() {
        var arguments = CommandLine.arguments
        let program = arguments.removeFirst()
        if arguments.first == "seeds" {
            guard arguments.count == 2 else { Self.usage(program, exitCode: 2) }
            do {
                let written = try FuzzSeeds.write(to: URL(fileURLWithPath: arguments[1]))
                print("wrote \(written) seed files under \(arguments[1])")
                exit(0)
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                exit(1)
            }
        }
        if arguments.first == "list" {
            for target in FuzzTargets.all { print("\(target.name)\t\(target.summary)") }
            exit(0)
        }
        let name: String
        if let first = arguments.first, FuzzTargets.named(first) != nil {
            name = first
            arguments.removeFirst()
        } else if let fromEnvironment = ProcessInfo.processInfo.environment["PASSERELLE_FUZZ_TARGET"] {
            name = fromEnvironment
        } else {
            Self.usage(program, exitCode: 2)
        }
        guard let target = FuzzTargets.named(name) else {
            FileHandle.standardError.write(Data("error: unknown fuzz target '\(name)'\n".utf8))
            Self.usage(program, exitCode: 2)
        }
        setenv("PASSERELLE_FUZZ_TARGET", name, 1)
        FuzzTargets.select(target)
        #if PASSERELLE_FUZZ
        exit(FuzzDriver.run(program: program, arguments: arguments))
        #else
        exit(FuzzReplay.run(target: target, paths: arguments))
        #endif
    }

    static func usage(_ program: String, exitCode: Int32) -> Never {
        let names = FuzzTargets.all.map(\.name).joined(separator: "|")
        let text = """
            usage: \(program) (\(names)) [libFuzzer flags] [CORPUS_DIR…]   (fuzzing build)
                   \(program) (\(names)) FILE_OR_DIR…                      (plain build: replay inputs)
                   \(program) seeds DIR                                     (write the generated seeds)
                   \(program) list

            """
        FileHandle.standardError.write(Data(text.utf8))
        exit(exitCode)
    }
}

#if PASSERELLE_FUZZ
// libFuzzer's own `main` (FuzzerMain.o) is linked with `-sanitize=fuzzer` and needs this symbol; SwiftPM's
// `--defsym main=<module>_main` makes ours the entry point, so libFuzzer runs through `LLVMFuzzerRunDriver`.
@_cdecl("LLVMFuzzerTestOneInput")
public func passerelleFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.runSelected(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

enum FuzzDriver {
    /// Runs libFuzzer with `arguments` (the target name removed).
    static func run(program: String, arguments: [String]) -> CInt {
        let all = [program] + arguments
        // strdup'ed for the life of the process: libFuzzer keeps pointers into argv.
        let pointers = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: all.count + 1)
        for (index, argument) in all.enumerated() { pointers[index] = strdup(argument) }
        pointers[all.count] = nil
        var argc = CInt(all.count)
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = pointers
        return LLVMFuzzerRunDriver(&argc, &argv, passerelleFuzzTestOneInput)
    }
}
#endif

/// The plain build's mode: run every input file once through the target.
enum FuzzReplay {
    static func run(target: FuzzTarget, paths: [String]) -> Int32 {
        guard !paths.isEmpty else {
            FileHandle.standardError.write(Data("error: give input files or directories to replay\n".utf8))
            return 2
        }
        var files: [URL] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("error: no such file or directory: \(path)\n".utf8))
                return 2
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.sorted().filter { !$0.hasPrefix(".") }.map { url.appendingPathComponent($0) }
            } else {
                files.append(url)
            }
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            data.withUnsafeBytes { FuzzTargets.runSelected($0) }
        }
        print("\(target.name): replayed \(files.count) input(s), no crash")
        return 0
    }
}
