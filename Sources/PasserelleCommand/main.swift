import PasserelleCLI

// The whole `passerelle` executable: see `CommandRunner` for the logging and the exit codes.
await CommandRunner.run(Passerelle.self)
