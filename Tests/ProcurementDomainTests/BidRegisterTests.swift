import Foundation
import Identifiers
import ProcurementDomain
import Testing

@Suite struct BidRegisterTests {
    let deadline = DomainFixtures.instant("2026-04-02T12:00:00+02:00")
    let bidderX = try! SIRET("55208131700018")
    let bidderY = try! SIRET("73282932000074")

    @Test func thirdDepositOneSecondLateLeavesTheSecondOpened() {
        let deposits = [
            BidDeposit(id: "x1", bidder: bidderX, receivedAt: DomainFixtures.instant("2026-03-30T10:00:00+02:00")),
            BidDeposit(id: "x2", bidder: bidderX, receivedAt: DomainFixtures.instant("2026-04-02T11:59:00+02:00")),
            BidDeposit(id: "x3", bidder: bidderX, receivedAt: deadline.addingTimeInterval(1)),
        ]
        let register = BidRegister(deposits: deposits, deadline: deadline)
        #expect(register.decisions.map(\.disposition) == [.superseded, .toOpen, .late])
        #expect(register.toOpen.map(\.id) == ["x2"])
        #expect(register.late.map(\.id) == ["x3"])
        #expect(register.disposition(of: "x1") == .superseded)
        #expect(register.disposition(of: "nope") == nil)
    }

    @Test func onePerBidderAndOrderIndependent() {
        let deposits = [
            BidDeposit(id: "y2", bidder: bidderY, receivedAt: DomainFixtures.instant("2026-04-01T10:00:00+02:00")),
            BidDeposit(id: "x1", bidder: bidderX, receivedAt: DomainFixtures.instant("2026-03-30T10:00:00+02:00")),
            BidDeposit(id: "y1", bidder: bidderY, receivedAt: DomainFixtures.instant("2026-03-31T10:00:00+02:00")),
        ]
        let register = BidRegister(deposits: deposits, deadline: deadline)
        #expect(register.decisions.map(\.disposition) == [.toOpen, .toOpen, .superseded])
        #expect(register.bidderCount == 2)
    }

    @Test func aDepositExactlyAtTheDeadlineIsLate() {
        let register = BidRegister(
            deposits: [BidDeposit(id: "x1", bidder: bidderX, receivedAt: deadline)], deadline: deadline)
        #expect(register.decisions.map(\.disposition) == [.late])
        #expect(register.toOpen.isEmpty)
    }

    @Test func sameReceiptTimeKeepsTheLaterGiven() {
        let time = DomainFixtures.instant("2026-03-30T10:00:00+02:00")
        let register = BidRegister(
            deposits: [
                BidDeposit(id: "a", bidder: bidderX, receivedAt: time),
                BidDeposit(id: "b", bidder: bidderX, receivedAt: time),
            ], deadline: deadline)
        #expect(register.toOpen.map(\.id) == ["b"])
    }
}
