import Foundation
import Identifiers

/// One deposit received on the buyer profile.
public struct BidDeposit: Sendable, Hashable, Identifiable {
    /// The deposit's identifier.
    public let id: String
    /// The bidder.
    public let bidder: SIRET
    /// The exact time of receipt.
    public let receivedAt: Date

    /// Creates a deposit.
    public init(id: String, bidder: SIRET, receivedAt: Date) {
        self.id = id
        self.bidder = bidder
        self.receivedAt = receivedAt
    }
}

/// What happens to a deposit at the deadline (domain §2.7).
public enum BidDisposition: String, Sendable, Hashable, Codable {
    /// The bidder's last deposit received in time: it is opened.
    case toOpen
    /// An earlier in-time deposit by the same bidder: never opened (R2151-6).
    case superseded
    /// Received at or after the deadline: kept, flagged, never opened.
    case late
}

/// A deposit and its disposition.
public struct BidDecision: Sendable, Hashable {
    /// The deposit.
    public let deposit: BidDeposit
    /// Its disposition.
    public let disposition: BidDisposition
}

/// Decides which deposits are opened (domain §2.7): per bidder, only the last deposit received before the
/// deadline is opened; earlier ones are superseded; deposits received at or after the deadline are late.
///
/// In time or late is ``Deadline/isInTime(receivedAt:deadline:)``, the function the intake uses for the
/// receipt's `late` flag: strictly before the deadline instant is in time, the deadline instant itself is
/// late. Two deposits of a bidder with the same receipt time are ordered as given.
public struct BidRegister: Sendable, Hashable {
    /// The decisions, in the order the deposits were given.
    public let decisions: [BidDecision]

    /// Decides for `deposits` against `deadline`.
    public init(deposits: [BidDeposit], deadline: Date) {
        var lastInTime: [SIRET: (index: Int, receivedAt: Date)] = [:]
        let inTime = deposits.map { Deadline.isInTime(receivedAt: $0.receivedAt, deadline: deadline) }
        for (index, deposit) in deposits.enumerated() where inTime[index] {
            if let current = lastInTime[deposit.bidder], current.receivedAt > deposit.receivedAt {
                continue
            }
            lastInTime[deposit.bidder] = (index, deposit.receivedAt)
        }
        decisions = deposits.enumerated().map { index, deposit in
            let disposition: BidDisposition
            if !inTime[index] {
                disposition = .late
            } else if lastInTime[deposit.bidder]?.index == index {
                disposition = .toOpen
            } else {
                disposition = .superseded
            }
            return BidDecision(deposit: deposit, disposition: disposition)
        }
    }

    /// The deposits to open, one per bidder with an in-time deposit.
    public var toOpen: [BidDeposit] { deposits(.toOpen) }

    /// The late deposits.
    public var late: [BidDeposit] { deposits(.late) }

    /// The number of bidders whose bid is opened.
    public var bidderCount: Int { toOpen.count }

    /// The disposition of a deposit, if it is in the register.
    public func disposition(of depositId: String) -> BidDisposition? {
        decisions.first { $0.deposit.id == depositId }?.disposition
    }

    private func deposits(_ disposition: BidDisposition) -> [BidDeposit] {
        decisions.filter { $0.disposition == disposition }.map(\.deposit)
    }
}
