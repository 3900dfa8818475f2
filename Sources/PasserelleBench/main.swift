import PasserelleCLI

// `passerelle-bench`: the benchmarks, with `passerelle`'s logging and exit codes.
await CommandRunner.run(PasserelleBench.self)
