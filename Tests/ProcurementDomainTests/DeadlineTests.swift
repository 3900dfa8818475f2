import Foundation
import Identifiers
import ProcurementDomain
import Testing

/// Domain §2.7: a deposit is in time only when received strictly before the deadline instant. The intake
/// (the receipt's `late`) and the register (what the opening opens) judge with the same function, so they
/// agree at every instant, the deadline itself included.
@Suite struct DeadlineTests {
    let deadline = DomainFixtures.instant("2026-04-02T12:00:00+02:00")
    let bidder = try! SIRET("55208131700018")

    /// The receipt's judgement and the register's, for a single deposit at `offset` seconds from the deadline.
    func judgements(at offset: TimeInterval) -> (intakeLate: Bool, register: BidDisposition?) {
        let receivedAt = self.deadline.addingTimeInterval(offset)
        let register = BidRegister(
            deposits: [BidDeposit(id: "d", bidder: self.bidder, receivedAt: receivedAt)], deadline: self.deadline)
        return (Deadline.isLate(receivedAt: receivedAt, deadline: self.deadline), register.disposition(of: "d"))
    }

    @Test(arguments: [(-0.001, false), (0, true), (0.001, true)])
    func intakeAndRegisterAgreeAroundTheDeadline(offset: TimeInterval, late: Bool) {
        let judged = self.judgements(at: offset)
        #expect(judged.intakeLate == late, "intake at \(offset) s")
        #expect(judged.register == (late ? .late : .toOpen), "register at \(offset) s")
        #expect(Deadline.isInTime(receivedAt: self.deadline.addingTimeInterval(offset), deadline: self.deadline) == !late)
    }

    @Test func aDepositAtTheDeadlineDoesNotSupersedeTheOneBefore() {
        let register = BidRegister(
            deposits: [
                BidDeposit(id: "before", bidder: self.bidder, receivedAt: self.deadline.addingTimeInterval(-0.001)),
                BidDeposit(id: "at", bidder: self.bidder, receivedAt: self.deadline),
            ], deadline: self.deadline)
        #expect(register.disposition(of: "before") == .toOpen)
        #expect(register.disposition(of: "at") == .late)
    }

    /// An instant read back from PostgreSQL (microseconds since 2000, through `timeIntervalSinceReferenceDate`)
    /// and the same millisecond from the clock (`timeIntervalSince1970`) may differ in their last binary digit;
    /// the judgement does not.
    @Test func theSameMillisecondByAnotherPathIsTheSameInstant() {
        let postgresEpoch: Int64 = 946_684_800_000_000  // 2000-01-01 in microseconds since 1970
        let start = Int64(self.deadline.timeIntervalSince1970 * 1000)
        for millisecond in start..<(start + 2000) {
            let fromClock = Date(timeIntervalSince1970: Double(millisecond) / 1000)
            let micros = millisecond * 1000 - postgresEpoch
            let fromDatabase = Date(timeIntervalSinceReferenceDate: Double(micros - 31_622_400_000_000) / 1_000_000)
            #expect(Deadline.isLate(receivedAt: fromClock, deadline: fromDatabase))
            #expect(Deadline.isLate(receivedAt: fromDatabase, deadline: fromClock))
            #expect(Deadline.isInTime(receivedAt: fromClock.addingTimeInterval(-0.001), deadline: fromDatabase))
        }
    }
}
