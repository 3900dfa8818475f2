import Messaging
import Storage
import Testing

@testable import ServiceRuntime

/// How the pipeline sorts errors: retry the message, wait for the infrastructure, or park it.
@Suite struct FailureKindTests {
    private func server(_ state: String) -> PostgresError {
        var error = PostgresError(.queryFailed, operation: "query", message: "")
        error.serverFields = .init(sqlState: PostgresSQLState(rawValue: state), message: "from the server")
        return error
    }

    @Test func serverStatesAreSorted() {
        // Serialization failure, deadlock, and a prepared statement to prepare afresh: try again.
        for state in ["40001", "40P01", "0A000", "26000"] {
            #expect(FailureKind.classify(self.server(state)) == .transient, "\(state)")
        }
        // The server going away or refusing connections: the circuit breaker's business.
        for state in ["08006", "57P01", "53300"] {
            #expect(FailureKind.classify(self.server(state)) == .infrastructure, "\(state)")
        }
        // A constraint the message breaks, bad input: it will never succeed.
        for state in ["23505", "22P02", "42P01"] {
            #expect(FailureKind.classify(self.server(state)) == .permanent, "\(state)")
        }
    }

    @Test func clientSideFailuresAreInfrastructure() {
        for code in [PostgresError.Code.connectionClosed, .connectionFailed, .poolTimeout, .poolClosed] {
            #expect(FailureKind.classify(PostgresError(code, operation: "query", message: "")) == .infrastructure)
        }
        #expect(FailureKind.classify(CancellationError()) == .infrastructure)
        #expect(FailureKind.classify(TransientError("later")) == .transient)
        #expect(FailureKind.classify(PermanentError("never")) == .permanent)
    }
}
