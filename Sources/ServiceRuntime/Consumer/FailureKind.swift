import Messaging
import Storage

/// How the pipeline treats an error.
enum FailureKind: Sendable, Equatable {
    /// The infrastructure is unavailable (database down, broker connection lost): not the message's fault.
    /// The circuit breaker opens and the same message is tried again, without counting an attempt.
    case infrastructure
    /// The handler says it may succeed later: retried in process, then through the delay levels.
    case transient
    /// It will never succeed: parked.
    case permanent

    static func classify(_ error: any Error) -> FailureKind {
        if error is any TransientFailure {
            return .transient
        }
        if let error = error as? PostgresError {
            switch error.code {
            case .connectionFailed, .connectionClosed, .poolTimeout, .timedOut, .authenticationFailed, .poolClosed:
                return .infrastructure
            default:
                break
            }
            // Serialization failures, deadlocks, and the server shutting down or refusing connections.
            let state = error.serverFields?.sqlState.rawValue ?? ""
            if ["40001", "40P01"].contains(state) {
                return .transient
            }
            // A prepared statement whose plan no longer fits a table another instance just migrated
            // ("cached plan must not change result type"), or one gone from the server: the next run
            // prepares it afresh.
            if ["0A000", "26000"].contains(state) {
                return .transient
            }
            if state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300" {
                return .infrastructure
            }
            return .permanent
        }
        if let error = error as? AMQPError {
            return error.isTransient ? .infrastructure : .permanent
        }
        if error is CancellationError {
            return .infrastructure
        }
        return .permanent
    }
}

extension ServiceHost {
    /// Whether an error will never go away by trying again (the pipeline would park the message): not an
    /// infrastructure outage and not a ``TransientFailure``. Background workers use it to set aside a piece of work
    /// that keeps failing, with its reason, instead of retrying it for ever.
    public static func isPermanent(_ error: any Error) -> Bool {
        FailureKind.classify(error) == .permanent
    }
}
