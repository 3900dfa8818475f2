import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The signals that end a command running in the foreground (`passerelle sirene stub`): SIGINT (Ctrl-C) and SIGTERM
/// (`kill`, scripts/up stopping the platform).
enum TerminationSignal {
    /// Waits for the first SIGINT or SIGTERM and returns its name; `nil` when the task is cancelled first.
    ///
    /// While it waits, the two signals no longer kill the process (they are delivered here instead); their default
    /// action comes back when it returns, so a second Ctrl-C during a slow shutdown still ends the process.
    static func next() async -> String? {
        let (names, continuation) = AsyncStream<String>.makeStream()
        let queue = DispatchQueue(label: "passerelle.termination-signal")
        var sources: [any DispatchSourceSignal] = []
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(name) }
            source.resume()
            sources.append(source)
        }
        defer {
            for source in sources { source.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        var iterator = names.makeAsyncIterator()
        return await iterator.next()
    }
}
