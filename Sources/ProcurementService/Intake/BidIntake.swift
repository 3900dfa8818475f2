import CommonContracts
import Foundation
import Identifiers
import ProcurementContracts
import ProcurementDomain
import ServiceRuntime
import Storage
import Synchronization

/// Receives a deposit: checks it, seals it with the tender's data key at once, stores only the sealed
/// bytes, answers with a timestamped receipt and publishes `procurement.bid.received.v1` (no content) in
/// the same transaction. Shared by `POST /tenders/{id}/bids` and `procurement.bid.submit.v1`.
struct BidIntake: Sendable {
    struct Deposit: Sendable {
        var bidId: String
        var tenderId: String
        var bidderSiret: String
        var company: String?
        var lotNumbers: [Int]
        var contactName: String
        var email: String
        var uploadStartedAt: Date?
        var content: Data
    }

    enum Outcome: Sendable {
        case received(BidReceipt)
        case duplicate(BidReceipt)
    }

    let settings: ProcurementSettings
    let keys: TenderKeyCache

    /// `procurement.bid.submit.v1`: the deposit comes by claim check.
    func submit(_ command: BidSubmit, _ transaction: ServiceTransaction) async throws {
        let claim = command.sealedDeposit
        let content = try ClaimCheckReader(allowedRoots: self.settings.claimRoots).read(
            uri: claim.uri, sha256: claim.sha256, sizeBytes: claim.sizeBytes, field: "sealedDeposit.uri")
        _ = try await self.receive(
            Deposit(
                bidId: command.bidId, tenderId: command.tenderId, bidderSiret: command.bidderSiret, company: nil,
                lotNumbers: command.lotNumbers, contactName: command.depositor.contactName,
                email: command.depositor.email, uploadStartedAt: command.uploadStartedAt, content: content),
            in: transaction)
    }

    func receive(_ deposit: Deposit, in transaction: ServiceTransaction) async throws -> Outcome {
        try Self.check(deposit)
        let existing = try await transaction.query(
            "SELECT receipt::text, content_sha256, tender_id::text FROM bids WHERE bid_id = \(deposit.bidId)::uuid")
        if let row = existing.first {
            let receipt = try JSONDecoder().decode(BidReceipt.self, from: Data(try row.decode(String.self, at: 0).utf8))
            guard try row.decode(String.self, at: 2) == deposit.tenderId, receipt.contentSHA256 == ContentDigest.sha256Hex(deposit.content) else {
                throw ServiceProblem(
                    .conflict, code: "bidIdReused", field: "bidId", rule: "a bidId identifies one deposit",
                    "bid \(deposit.bidId) was already received with other content")
            }
            return .duplicate(receipt)
        }
        // No row lock: deposits run side by side on one tender. A deadline only ever moves later, so a
        // deposit judged in time against the deadline read here is in time against any later one.
        let tender = try await TenderRecord.require(deposit.tenderId, lock: .none, in: transaction)
        guard ["published", "closed", "opening", "evaluation"].contains(tender.status) else {
            throw ServiceProblem.invalidTransition(
                tender.status, expected: ["published", "closed"], action: "deposit a bid on")
        }
        let lots = try await transaction.query("SELECT lot_number FROM lots WHERE tender_id = \(deposit.tenderId)::uuid")
        let known = Set(try lots.decode(Int.self))
        if let unknown = deposit.lotNumbers.first(where: { !known.contains($0) }) {
            throw ServiceProblem(
                .invalid, code: "unknownLot", field: "lotNumbers", rule: "a deposit answers lots of the tender",
                "the tender has no lot \(unknown)")
        }
        let receivedAt = self.settings.clock.now()
        // The register at the opening judges with the same function (domain §2.7: in time = received strictly
        // before the deadline; a deposit at the deadline instant is late).
        let late = Deadline.isLate(receivedAt: receivedAt, deadline: tender.deadline)
        let key = try self.keys.key(for: tender)
        let sealed = try BidSealer().seal(content: deposit.content, tenderKey: key, bidID: deposit.bidId, tenderID: deposit.tenderId)
        let receipt = BidReceipt(
            receiptID: UUID().uuidString.lowercased(), bidID: deposit.bidId, tenderID: deposit.tenderId,
            bidderSIRET: deposit.bidderSiret, receivedAt: receivedAt, sealed: sealed, late: late)
        let previous = try await transaction.query(
            """
            SELECT bid_id::text FROM bids
            WHERE tender_id = \(deposit.tenderId)::uuid AND bidder_siret = \(deposit.bidderSiret) AND NOT late
            ORDER BY received_at DESC LIMIT 1
            """)
        let supersedes = late ? nil : try previous.first?.decode(String.self, at: 0)
        let receiptJSON = String(decoding: receipt.canonicalJSON(), as: UTF8.self)
        try await transaction.execute(
            """
            INSERT INTO bids (bid_id, tender_id, bidder_siret, company, lot_numbers, contact_name, email, received_at,
                              upload_started_at, late, status, content_sha256, size_bytes, sealed, receipt)
            VALUES (\(deposit.bidId)::uuid, \(deposit.tenderId)::uuid, \(deposit.bidderSiret),
                    \(deposit.company ?? "Entreprise \(deposit.bidderSiret)"), \(deposit.lotNumbers), \(deposit.contactName),
                    \(deposit.email), \(receipt.receivedAt), \(deposit.uploadStartedAt), \(late),
                    \(late ? "late" : "submitted"), \(sealed.contentSHA256), \(Int64(sealed.sizeBytes)), \(sealed.combined),
                    \(receiptJSON)::jsonb)
            """)
        try await transaction.publish(
            BidReceived(
                bidId: deposit.bidId, tenderId: deposit.tenderId, lotNumbers: deposit.lotNumbers,
                bidderSiret: deposit.bidderSiret, receivedAt: receipt.receivedAt, contentSha256: sealed.contentSHA256,
                sizeBytes: sealed.sizeBytes, late: late, supersedesBidId: supersedes,
                depositor: .init(contactName: deposit.contactName, email: deposit.email)),
            aggregate: deposit.tenderId)
        return .received(receipt)
    }

    private static func check(_ deposit: Deposit) throws {
        guard UUID(uuidString: deposit.bidId) != nil else {
            throw ServiceProblem(
                .invalid, code: "invalidBidId", field: "bidId", rule: "bidId is a UUID",
                "\(deposit.bidId) is not a UUID")
        }
        do {
            _ = try SIRET(deposit.bidderSiret)
        } catch {
            throw ServiceProblem(
                .invalid, code: "invalidSiret", field: "bidderSiret", rule: "SIRET: 14 digits, Luhn-valid", "\(error)")
        }
        guard EmailAddress.isPlausible(deposit.email) else {
            throw ServiceProblem(
                .invalid, code: "invalidEmail", field: "email", rule: "an e-mail address",
                "\(deposit.email) is not an address")
        }
        guard !deposit.lotNumbers.isEmpty else {
            throw ServiceProblem(
                .invalid, code: "noLot", field: "lotNumbers", rule: "a deposit answers at least one lot",
                "no lot given")
        }
        guard !deposit.content.isEmpty else {
            throw ServiceProblem(
                .invalid, code: "emptyBid", field: "content", rule: "a deposit has content", "the deposit is empty")
        }
        guard !deposit.contactName.isEmpty else {
            throw ServiceProblem(
                .invalid, code: "noContact", field: "contactName", rule: "the depositor is named", "no contact name")
        }
    }
}

/// Unwrapped tender data keys, cached per tender (unwrapping is cheap, but a burst of bids asks often).
final class TenderKeyCache: Sendable {
    private let ring: TenderKeyRing
    private let cache = Mutex<[String: TenderKey]>([:])

    init(masterKey: MasterKey) {
        self.ring = TenderKeyRing(current: masterKey)
    }

    func newKey() throws -> (key: TenderKey, wrapped: WrappedTenderKey) {
        try self.ring.newTenderKey()
    }

    func key(for tender: TenderRecord) throws -> TenderKey {
        if let key = self.cache.withLock({ $0[tender.tenderId] }) { return key }
        let key = try self.ring.unwrap(WrappedTenderKey(keyID: tender.keyID, wrapped: tender.wrappedKey))
        self.cache.withLock { $0[tender.tenderId] = key }
        return key
    }
}

/// A light check of e-mail addresses (the contracts validate `format: email` on messages).
enum EmailAddress {
    static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.count <= 254 else { return false }
        return !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    }
}
