import Foundation
import ProcurementDomain
import Testing

@Suite struct SealingKeyTests {
    /// 32 zero bytes, base64.
    static let zeroKeyBase64 = Data(repeating: 0, count: 32).base64EncodedString()

    @Test func keyIDIsTheFirstEightBytesOfTheKeysSHA256InHex() throws {
        // SHA-256 of 32 zero bytes starts 66687aadf862bd77.
        let key = try MasterKey(base64: Self.zeroKeyBase64)
        #expect(key.keyID == "66687aadf862bd77")
        #expect(try MasterKey(base64: "  \(Self.zeroKeyBase64)\n").keyID == key.keyID)
    }

    @Test func generatedKeyRoundTripsThroughBase64WithAStableKeyID() throws {
        let key = MasterKey.generate()
        let parsed = try MasterKey(base64: key.base64Encoded)
        #expect(parsed.keyID == key.keyID)
        #expect(key.keyID.count == 16)
        #expect(MasterKey.generate().keyID != key.keyID)
    }

    @Test func descriptionsAndDumpNeverShowTheKey() throws {
        let key = MasterKey.generate()
        var dumped = ""
        dump(key, to: &dumped)
        for text in [key.description, key.debugDescription, String(describing: key), String(reflecting: key), dumped] {
            #expect(!text.contains(key.base64Encoded))
            #expect(text.contains(key.keyID))
        }
        let tenderKey = TenderKey.generate()
        var dumpedTenderKey = ""
        dump(tenderKey, to: &dumpedTenderKey)
        #expect(tenderKey.description == "TenderKey(<redacted>)")
        #expect(!dumpedTenderKey.contains("symmetricKey"))
    }

    @Test func malformedKeyMaterialIsRefusedWithoutEchoingIt() {
        let tooShort = Data(repeating: 7, count: 16).base64EncodedString()
        for text in ["not base64!", tooShort, ""] {
            do {
                _ = try MasterKey(base64: text)
                Issue.record("accepted \(text.count) characters of key material")
            } catch {
                #expect(error.code == .invalidKeyMaterial)
                #expect(text.isEmpty || !error.description.contains(text))
            }
        }
    }

    @Test func keyFileMayHoldBase64TextOrRawBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sealing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = MasterKey.generate()
        let textFile = folder.appendingPathComponent("master.key")
        try Data((key.base64Encoded + "\n").utf8).write(to: textFile)
        #expect(try MasterKey(contentsOfFile: textFile.path).keyID == key.keyID)
        let rawFile = folder.appendingPathComponent("master.bin")
        try Data(base64Encoded: key.base64Encoded)!.write(to: rawFile)
        #expect(try MasterKey(contentsOfFile: rawFile.path).keyID == key.keyID)
        #expect(throws: SealingError(.unreadableKeyFile, operation: "read master key file")) {
            try MasterKey(contentsOfFile: folder.appendingPathComponent("missing").path)
        }
    }

    @Test func tenderKeyUnwrapsWithItsMasterKeyOnly() throws {
        let master = MasterKey.generate()
        let tenderKey = TenderKey.generate()
        let wrapped = try tenderKey.wrapped(with: master)
        #expect(wrapped.keyID == master.keyID)
        #expect(wrapped.wrapped.count == 40)

        // The unwrapped key opens what the original sealed.
        let offer = Data("offre".utf8)
        let sealed = try BidSealer().seal(content: offer, tenderKey: tenderKey, bidID: "B1", tenderID: "T1")
        let unwrapped = try TenderKey(unwrapping: wrapped, with: master)
        #expect(try BidSealer().open(sealed: sealed, tenderKey: unwrapped, bidID: "B1", tenderID: "T1") == offer)

        let other = MasterKey.generate()
        #expect(throws: SealingError(.wrongMasterKey, operation: "unwrap tender key", keyID: master.keyID)) {
            try TenderKey(unwrapping: wrapped, with: other)
        }
        // A forged key ID does not help: the RFC 3394 integrity check fails.
        let forged = WrappedTenderKey(keyID: other.keyID, wrapped: wrapped.wrapped)
        #expect(throws: SealingError(.corruptKey, operation: "unwrap tender key", keyID: other.keyID)) {
            try TenderKey(unwrapping: forged, with: other)
        }
    }

    @Test func tamperedOrTruncatedWrappedKeyIsCorrupt() throws {
        let master = MasterKey.generate()
        var wrapped = try TenderKey.generate().wrapped(with: master)
        wrapped.wrapped[5] ^= 0x01
        #expect(throws: SealingError(.corruptKey, operation: "unwrap tender key", keyID: master.keyID)) {
            try TenderKey(unwrapping: wrapped, with: master)
        }
        let truncated = WrappedTenderKey(keyID: master.keyID, wrapped: wrapped.wrapped.prefix(24))
        #expect(throws: SealingError.self) { try TenderKey(unwrapping: truncated, with: master) }
    }

    @Test func keyRingUnwrapsWithRetiredKeysAndRewrapsWithTheCurrentOne() throws {
        let old = MasterKey.generate()
        let (tenderKey, wrappedByOld) = try TenderKeyRing(current: old).newTenderKey()
        let sealed = try BidSealer().seal(content: Data("lot 1".utf8), tenderKey: tenderKey, bidID: "B", tenderID: "T")

        let current = MasterKey.generate()
        let ring = TenderKeyRing(current: current, previous: [old])
        #expect(ring.keyIDs == [old.keyID, current.keyID].sorted())
        let rewrapped = try ring.rewrap(wrappedByOld)
        #expect(rewrapped.keyID == current.keyID)
        #expect(try ring.rewrap(rewrapped) == rewrapped)
        let reopened = try TenderKeyRing(current: current).unwrap(rewrapped)
        let opened = try BidSealer().open(sealed: sealed, tenderKey: reopened, bidID: "B", tenderID: "T")
        #expect(opened == Data("lot 1".utf8))

        #expect(throws: SealingError(.wrongMasterKey, operation: "unwrap tender key", keyID: old.keyID)) {
            try TenderKeyRing(current: current).unwrap(wrappedByOld)
        }
        #expect(!ring.description.contains(current.base64Encoded))
    }

    @Test func wrappedKeyRoundTripsThroughJSON() throws {
        let wrapped = try TenderKey.generate().wrapped(with: MasterKey.generate())
        let decoded = try JSONDecoder().decode(WrappedTenderKey.self, from: JSONEncoder().encode(wrapped))
        #expect(decoded == wrapped)
    }
}
