import Foundation
import ProcurementDomain
import Testing

@Suite struct SealingReceiptTests {
    /// 2026-04-02T10:00:00.123Z (12:00:00.123 in Paris, summer time).
    static let receivedAt = Date(timeIntervalSince1970: 1_775_124_000.123)

    func receipt(late: Bool = false) -> BidReceipt {
        BidReceipt(
            receiptID: "R-42", bidID: "B-7", tenderID: "T-2026-001", bidderSIRET: "55208131700018",
            receivedAt: Self.receivedAt,
            contentSHA256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", sizeBytes: 3, late: late
        )
    }

    @Test func canonicalJSONHasSortedKeysAndMillisecondUTCTime() {
        let json = String(decoding: self.receipt().canonicalJSON(), as: UTF8.self)
        #expect(json == """
            {"bidId":"B-7","bidderSiret":"55208131700018",\
            "contentSha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",\
            "late":false,"receiptId":"R-42","receivedAt":"2026-04-02T10:00:00.123Z","sizeBytes":3,\
            "tenderId":"T-2026-001"}
            """)
    }

    @Test func receiptRoundTripsThroughJSON() throws {
        let receipt = self.receipt(late: true)
        let decoded = try JSONDecoder().decode(BidReceipt.self, from: receipt.canonicalJSON())
        #expect(decoded == receipt)
        #expect(decoded.canonicalJSON() == receipt.canonicalJSON())
    }

    @Test func receivedAtIsKeptToTheMillisecond() {
        let receipt = BidReceipt(
            receiptID: "R", bidID: "B", tenderID: "T", bidderSIRET: "55208131700018",
            receivedAt: Date(timeIntervalSince1970: 1_775_124_000.0456), contentSHA256: "", sizeBytes: 0, late: false
        )
        #expect(receipt.receivedAtText == "2026-04-02T10:00:00.046Z")
        let whole = BidReceipt(
            receiptID: "R", bidID: "B", tenderID: "T", bidderSIRET: "55208131700018",
            receivedAt: Date(timeIntervalSince1970: 1_775_124_000), contentSHA256: "", sizeBytes: 0, late: false
        )
        #expect(whole.receivedAtText == "2026-04-02T10:00:00.000Z")
    }

    @Test func receiptTakesHashAndSizeFromTheSealedBid() throws {
        let abc = Data("abc".utf8)
        let sealed = try BidSealer().seal(content: abc, tenderKey: .generate(), bidID: "B-7", tenderID: "T")
        let receipt = BidReceipt(
            receiptID: "R", bidID: "B-7", tenderID: "T", bidderSIRET: "55208131700018", receivedAt: Self.receivedAt,
            sealed: sealed, late: false
        )
        #expect(receipt.contentSHA256 == sealed.contentSHA256)
        #expect(receipt.sizeBytes == 3)
    }

    @Test func nonUTCTimeIsRefusedOnDecoding() {
        let json = Data("""
            {"bidId":"B","bidderSiret":"1","contentSha256":"","late":false,"receiptId":"R",\
            "receivedAt":"2026-04-02T12:00:00.123+02:00","sizeBytes":0,"tenderId":"T"}
            """.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(BidReceipt.self, from: json) }
    }

    @Test func plainTextStatesTimeHashAndSize() {
        let text = self.receipt().plainText()
        #expect(text.contains("Reçu le : 2026-04-02T10:00:00.123Z (UTC)"))
        #expect(text.contains("heure de Paris : 02/04/2026 12:00:00,123"))
        #expect(text.contains("Empreinte SHA-256 : ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(text.contains("Taille : 3 octets"))
        #expect(text.contains("SIRET du déposant : 55208131700018"))
        #expect(!text.contains("ne sera pas ouvert"))
    }

    @Test func plainTextOfALateBidSaysItIsKeptButNotOpened() {
        let text = self.receipt(late: true).plainText()
        #expect(text.contains("après la date limite"))
        #expect(text.contains("conservé mais ne sera pas ouvert"))
    }
}
