import Mailer
import Synchronization

/// A mail transport for tests: records what it accepted, fails as scripted per recipient.
final class FakeMailTransport: MailTransport {
    private struct State {
        var sent: [MailMessage] = []
        var failures: [String: [MailError]] = [:]
        var attempts: [String: Int] = [:]
    }

    private let state = Mutex(State())

    /// The next sends to `address` throw these errors, in order.
    func fail(_ address: String, with errors: [MailError]) {
        self.state.withLock { $0.failures[address.lowercased(), default: []].append(contentsOf: errors) }
    }

    func send(_ message: MailMessage) async throws -> MailReceipt {
        let address = message.to.first?.address.lowercased() ?? ""
        try self.state.withLock { state in
            state.attempts[address, default: 0] += 1
            if var failures = state.failures[address], !failures.isEmpty {
                let error = failures.removeFirst()
                state.failures[address] = failures
                throw error
            }
            state.sent.append(message)
        }
        return MailReceipt(messageID: message.messageID, replyCode: 250)
    }

    /// The accepted messages, in order.
    var sent: [MailMessage] { self.state.withLock { $0.sent } }

    /// The accepted messages to one address.
    func sent(to address: String) -> [MailMessage] {
        self.sent.filter { $0.to.contains { $0.address.lowercased() == address.lowercased() } }
    }

    /// Send attempts to one address, failed ones included.
    func attempts(_ address: String) -> Int { self.state.withLock { $0.attempts[address.lowercased()] ?? 0 } }
}
