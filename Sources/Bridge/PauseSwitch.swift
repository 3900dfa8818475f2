import Foundation
import Synchronization

/// Whether an operator paused a bridge direction. The state survives restarts as a marker file
/// (`<folder>/<partner>.<direction>.paused`), so a paused bridge stays paused until resumed.
public final class PauseSwitch: Sendable {
    private let marker: URL?
    private let paused: Mutex<Bool>

    /// - Parameter marker: The marker file, or `nil` to keep the state in memory only.
    public init(marker: URL?) {
        self.marker = marker
        self.paused = Mutex(marker.map { FileManager.default.fileExists(atPath: $0.path) } ?? false)
    }

    public var isPaused: Bool { self.paused.withLock { $0 } }

    /// Pauses or resumes.
    ///
    /// - Throws: When the marker file cannot be written or removed.
    public func set(_ value: Bool) throws {
        if let marker = self.marker {
            if value {
                try FileManager.default.createDirectory(at: marker.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("paused \(Date())\n".utf8).write(to: marker)
            } else if FileManager.default.fileExists(atPath: marker.path) {
                try FileManager.default.removeItem(at: marker)
            }
        }
        self.paused.withLock { $0 = value }
    }

    /// Returns once the switch is off (checking every 200 ms), or throws `CancellationError`.
    func waitUntilResumed() async throws {
        while self.isPaused {
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
