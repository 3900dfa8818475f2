import Foundation
import ProcurementDomain
import Testing

@Suite struct SealingBidTests {
    let sealer = BidSealer()
    let tenderKey = TenderKey.generate()

    /// A distinctive 32-byte marker to look for in the ciphertext.
    static let marker = Data("PASSERELLE-MARKER-0123456789ABCD".utf8)

    func content(around marker: Data = Self.marker) -> Data {
        Data("Offre financière lot 1 : ".utf8) + marker + Data(" — montant 123 456,78 € HT".utf8)
    }

    @Test func sealedContentOpensWithTheSameKeyAndIDs() throws {
        let content = self.content()
        let sealed = try self.sealer.seal(content: content, tenderKey: self.tenderKey, bidID: "B-1", tenderID: "T-1")
        #expect(sealed.sizeBytes == content.count)
        #expect(sealed.combined.count == content.count + 12 + 16)
        let opened = try self.sealer.open(sealed: sealed, tenderKey: self.tenderKey, bidID: "B-1", tenderID: "T-1")
        #expect(opened == content)
    }

    @Test func receiptHashIsTheSHA256OfThePlaintext() throws {
        let abc = Data("abc".utf8)
        let sealed = try self.sealer.seal(content: abc, tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        // FIPS 180-2 test vector for "abc".
        #expect(sealed.contentSHA256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func ciphertextDoesNotContainThePlaintext() throws {
        let marker = Self.marker
        #expect(marker.count == 32)
        let sealed = try self.sealer.seal(content: self.content(), tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        #expect(sealed.combined.range(of: marker) == nil)
        #expect(sealed.combined.range(of: Data("Offre".utf8)) == nil)
        #expect(!sealed.description.contains("PASSERELLE-MARKER"))
        let json = try JSONEncoder().encode(sealed)
        #expect(json.range(of: marker) == nil)
        #expect(json.range(of: marker.base64EncodedData()) == nil)
    }

    @Test func sameContentSealsDifferentlyEachTime() throws {
        let first = try self.sealer.seal(content: self.content(), tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        let second = try self.sealer.seal(content: self.content(), tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        #expect(first.combined != second.combined)
        #expect(first.contentSHA256 == second.contentSHA256)
    }

    @Test(arguments: [0, 12, 40, -1])
    func anyTamperedByteFailsAuthentication(position: Int) throws {
        var sealed = try self.sealer.seal(content: self.content(), tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        let index = position >= 0 ? position : sealed.combined.count - 1
        sealed.combined[index] ^= 0x80
        #expect(throws: SealingError(.authenticationFailed, operation: "open bid", tenderID: "T", bidID: "B")) {
            try self.sealer.open(sealed: sealed, tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        }
    }

    @Test func truncatedCiphertextFailsAuthentication() throws {
        var sealed = try self.sealer.seal(content: self.content(), tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        sealed.combined = sealed.combined.prefix(10)
        #expect(throws: SealingError(.authenticationFailed, operation: "open bid", tenderID: "T", bidID: "B")) {
            try self.sealer.open(sealed: sealed, tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        }
    }

    @Test func ciphertextMovedToAnotherBidOrTenderDoesNotOpen() throws {
        let content = self.content()
        let sealed = try self.sealer.seal(content: content, tenderKey: self.tenderKey, bidID: "B-1", tenderID: "T-1")
        for (bid, tender) in [("B-2", "T-1"), ("B-1", "T-2"), ("1-B-1", "T"), ("B-1", "T-1\u{0}")] {
            #expect(throws: SealingError.self) {
                try self.sealer.open(sealed: sealed, tenderKey: self.tenderKey, bidID: bid, tenderID: tender)
            }
        }
    }

    @Test func anotherTendersKeyDoesNotOpen() throws {
        let sealed = try self.sealer.seal(content: self.content(), tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        #expect(throws: SealingError(.authenticationFailed, operation: "open bid", tenderID: "T", bidID: "B")) {
            try self.sealer.open(sealed: sealed, tenderKey: TenderKey.generate(), bidID: "B", tenderID: "T")
        }
    }

    @Test func alteredRecordedHashIsReportedAsADigestMismatch() throws {
        var sealed = try self.sealer.seal(content: self.content(), tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        sealed.contentSHA256 = String(repeating: "0", count: 64)
        #expect(throws: SealingError(.digestMismatch, operation: "open bid", tenderID: "T", bidID: "B")) {
            try self.sealer.open(sealed: sealed, tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        }
    }

    @Test func errorsNameTheIDsButNeverTheContent() throws {
        let content = self.content()
        let sealed = try self.sealer.seal(content: content, tenderKey: self.tenderKey, bidID: "B-9", tenderID: "T-9")
        do {
            _ = try self.sealer.open(sealed: sealed, tenderKey: TenderKey.generate(), bidID: "B-9", tenderID: "T-9")
            Issue.record("opened with another key")
        } catch {
            #expect(error.description == "SealingError(authenticationFailed) during open bid [tender T-9, bid B-9]")
            #expect(!error.description.contains("MARKER"))
        }
    }

    @Test func fiveMegabyteContentRoundTrips() throws {
        var content = Data(count: 5 * 1024 * 1024)
        for index in stride(from: 0, to: content.count, by: 4096) {
            content[index] = UInt8(truncatingIfNeeded: index / 4096)
        }
        content.replaceSubrange(2_000_000..<2_000_032, with: Self.marker)
        let sealed = try self.sealer.seal(content: content, tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        #expect(sealed.sizeBytes == 5 * 1024 * 1024)
        #expect(sealed.combined.range(of: Self.marker) == nil)
        #expect(try self.sealer.open(sealed: sealed, tenderKey: self.tenderKey, bidID: "B", tenderID: "T") == content)
    }

    @Test func emptyContentSealsAndOpens() throws {
        let sealed = try self.sealer.seal(content: Data(), tenderKey: self.tenderKey, bidID: "B", tenderID: "T")
        #expect(sealed.contentSHA256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try self.sealer.open(sealed: sealed, tenderKey: self.tenderKey, bidID: "B", tenderID: "T").isEmpty)
    }
}
