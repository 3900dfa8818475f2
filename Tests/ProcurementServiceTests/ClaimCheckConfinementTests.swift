import CommonContracts
import Foundation
import ProcurementContracts
import ProcurementDomain
import ProcurementService
import ServiceRuntime
import ServiceRuntimeTesting
import Testing

/// A `file:` claim check reads only a regular file inside the claims directory: `..`, a symlink, an absolute
/// path elsewhere, a sibling whose name extends the root's (`/claims2`), a directory and a missing file are all
/// refused with one and the same message, which says nothing about the file (neither its size, nor its
/// hash, nor whether it exists), and nothing becomes a tender document.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct ClaimCheckConfinementTests {
    static let type = TenderPublish.messageType
    static let rule = "inside the claims directory"

    /// A file outside the claims directory the service could read, with what must never leak about it.
    struct Secret {
        var url: URL
        var data: Data
        var sha256: String { ContentDigest.sha256Hex(self.data) }
    }

    /// A claim check to `uri`, claiming `size` bytes and `sha256`.
    func dceFile(_ uri: String, sha256: String, size: Int) -> TenderPublish.DceFile {
        TenderPublish.DceFile(
            kind: .rc, fileName: "RC.pdf", uri: uri, sha256: sha256, sizeBytes: size, mediaType: "application/pdf")
    }

    /// Publishes with one RC at `uri` and returns the refusal.
    func refusal(_ bed: ProcurementBed, _ uri: String, sha256: String, size: Int) async throws -> CommandRejected {
        let command = Fixtures.publish(now: bed.clock.now(), dce: [self.dceFile(uri, sha256: sha256, size: size)])
        return try await bed.refused(command, id: command.tenderId)
    }

    /// Expects neither the event nor any audit row to carry `text` (`number`: as a whole number).
    func expectAbsent(
        _ text: String, number: Bool = false, in bed: ProcurementBed, _ rejected: CommandRejected, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let told: (String) -> Bool =
            number
            ? { $0.split(whereSeparator: { !$0.isNumber }).contains(Substring(text)) } : { $0.contains(text) }
        #expect(
            !told(rejected.message) && !told(rejected.rule), "the refusal tells \(what): \(rejected.message)",
            sourceLocation: sourceLocation)
        let audited =
            number
            ? try await bed.count("SELECT count(*) FROM audit WHERE detail ~ '(^|[^0-9])\(text)([^0-9]|$)'")
            : try await bed.count("SELECT count(*) FROM audit WHERE position('\(text)' in detail) > 0")
        #expect(audited == 0, "the audit tells \(what)", sourceLocation: sourceLocation)
    }

    @Test func claimChecksOutsideTheClaimsDirectoryAreRefusedAlikeAndLeakNothing() async throws {
        try await ProcurementBed.run { bed in
            let root = bed.claims.directory
            // `/tmp/…-claims-abcd2` starts with the root's path but is not inside it.
            let sibling = URL(fileURLWithPath: root.path + "2")
            try FileManager.default.createDirectory(at: sibling, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: sibling) }
            let outside = Secret(
                url: sibling.appendingPathComponent("master.key"), data: Data("clé maîtresse \(UUID())\n".utf8))
            try outside.data.write(to: outside.url)
            let link = root.appendingPathComponent("link-RC.pdf")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside.url)
            let linkedDirectory = root.appendingPathComponent("elsewhere")
            try FileManager.default.createSymbolicLink(at: linkedDirectory, withDestinationURL: sibling)
            let directory = root.appendingPathComponent("dossier")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let passwd = Secret(url: URL(fileURLWithPath: "/etc/passwd"), data: try Data(contentsOf: URL(fileURLWithPath: "/etc/passwd")))
            let environ = Secret(
                url: URL(fileURLWithPath: "/proc/self/environ"),
                data: FileManager.default.contents(atPath: "/proc/self/environ") ?? Data())

            // Each escape, claimed with the secret's true size and hash (a reader that follows it would
            // accept it) and with wrong ones (a reader that follows it would tell the real ones).
            let escapes: [(name: String, uri: String, secret: Secret?)] = [
                ("dot-dot", "file://\(root.path)/../\(sibling.lastPathComponent)/master.key", outside),
                ("dot-dot in the middle", "file://\(root.path)/dossier/../../\(sibling.lastPathComponent)/master.key", outside),
                ("symlink to a file outside", link.absoluteString, outside),
                ("symlinked directory", linkedDirectory.appendingPathComponent("master.key").absoluteString, outside),
                ("sibling prefix", outside.url.absoluteString, outside),
                ("/etc/passwd", "file:///etc/passwd", passwd),
                ("/proc/self/environ", "file:///proc/self/environ", environ),
                ("a directory", directory.absoluteString, nil),
                ("the root itself", "file://\(root.path)", nil),
                ("the root with a slash", "file://\(root.path)/", nil),
                ("missing", root.appendingPathComponent("absent.pdf").absoluteString, nil),
                ("missing outside", "file:///nonexistent/claims/RC.pdf", nil),
            ]
            var messages: Set<String> = []
            for escape in escapes {
                var claims = [(String(repeating: "0", count: 64), 7)]
                if let secret = escape.secret, !secret.data.isEmpty { claims.insert((secret.sha256, secret.data.count), at: 0) }
                for (sha256, size) in claims {
                    let rejected = try await self.refusal(bed, escape.uri, sha256: sha256, size: size)
                    expectRefusal(rejected, "claimOutsideStore", field: "dceFiles[0].uri", rule: Self.rule, of: Self.type)
                    messages.insert(rejected.message + " / " + rejected.rule)
                    try await self.expectAbsent(escape.uri, in: bed, rejected, "\(escape.name): the path")
                    if let secret = escape.secret {
                        try await self.expectAbsent(secret.sha256, in: bed, rejected, "\(escape.name): the real hash")
                        try await self.expectAbsent(
                            "\(secret.data.count)", number: true, in: bed, rejected, "\(escape.name): the real size")
                    }
                }
            }
            #expect(messages.count == 1, "different refusals: \(messages.sorted())")
            #expect(messages.first?.contains("not a file of the claims directory") == true)
            #expect(try await bed.count("SELECT count(*) FROM tenders") == 0)
            #expect(try await bed.count("SELECT count(*) FROM dce_files") == 0)
        }
    }

    @Test func aSealedDepositByClaimCheckIsConfinedToo() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let passwd = try Data(contentsOf: URL(fileURLWithPath: "/etc/passwd"))
            let submit = BidSubmit(
                bidId: Fixtures.id(), tenderId: tender, lotNumbers: [1], bidderSiret: Fixtures.btp.siret,
                depositor: .init(contactName: Fixtures.btp.contact, email: Fixtures.btp.email),
                uploadStartedAt: bed.clock.now(),
                sealedDeposit: ClosedFileReference(
                    uri: "file:///etc/passwd", fileName: "offre.pdf", sha256: ContentDigest.sha256Hex(passwd),
                    sizeBytes: passwd.count, mediaType: "application/pdf"),
                requestedBy: .init(userId: "portal:bidder"))
            let rejected = try await bed.refused(submit, id: submit.bidId)
            expectRefusal(
                rejected, "claimOutsideStore", field: "sealedDeposit.uri", rule: Self.rule, of: BidSubmit.messageType)
            #expect(try await bed.count("SELECT count(*) FROM bids") == 0)
        }
    }

    @Test func aFileInsideTheClaimsDirectoryStillWorks() async throws {
        try await ProcurementBed.run { bed in
            let root = bed.claims.directory
            let nested = root.appendingPathComponent("2026/lycees")
            try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
            let rcData = Data("Règlement de la consultation\n".utf8)
            try rcData.write(to: nested.appendingPathComponent("RC.pdf"))
            // A path with `..` that stays inside, and a symlink inside the root to a file inside it.
            let rcURI = "file://\(root.path)/2026/tmp/../lycees/RC.pdf"
            try FileManager.default.createDirectory(at: root.appendingPathComponent("2026/tmp"), withIntermediateDirectories: true)
            let cctp = try bed.claims.file("CCTP-source.pdf", "Cahier des clauses techniques\n")
            let cctpLink = root.appendingPathComponent("CCTP-lien.pdf")
            try FileManager.default.createSymbolicLink(
                at: cctpLink, withDestinationURL: root.appendingPathComponent("CCTP-source.pdf"))
            var cctpFile = bed.claims.dceFile(.cctp, cctp).named("CCTP.pdf")
            cctpFile.uri = cctpLink.absoluteString
            let command = Fixtures.publish(
                now: bed.clock.now(),
                dce: [
                    TenderPublish.DceFile(
                        kind: .rc, fileName: "RC.pdf", uri: rcURI, sha256: ContentDigest.sha256Hex(rcData),
                        sizeBytes: rcData.count, mediaType: "application/pdf"),
                    cctpFile,
                ])
            try await bed.send(command)
            let published = try await bed.published(TenderPublished.self) { $0.tenderId == command.tenderId }
            #expect(published.dceFiles.map(\.fileName) == ["RC.pdf", "CCTP.pdf"])
            #expect(try await bed.count("SELECT count(*) FROM dce_files WHERE tender_id = '\(command.tenderId)'") == 2)
            let document = try await bed.http().get("/tenders/\(command.tenderId)/documents/RC.pdf")
            #expect(document.status == 200)
            #expect(document.body == rcData)
        }
    }

    @Test func aClaimInsideTheDirectoryThatDoesNotMatchStatesOnlyTheClaim() async throws {
        try await ProcurementBed.run { bed in
            let claim = try bed.claims.file("RC-inside.pdf", "Règlement de la consultation, version 1\n")
            let size = try await self.refusal(bed, claim.uri, sha256: claim.sha256, size: claim.sizeBytes + 5)
            expectRefusal(size, "claimSizeMismatch", field: "dceFiles[0].uri", rule: "sizeBytes", of: Self.type)
            #expect(size.message.contains("\(claim.sizeBytes + 5)"))
            #expect(!size.message.contains("\(claim.sizeBytes) "), "tells the real size: \(size.message)")
            let claimed = String(repeating: "ab", count: 32)
            let hash = try await self.refusal(bed, claim.uri, sha256: claimed, size: claim.sizeBytes)
            expectRefusal(hash, "claimHashMismatch", field: "dceFiles[0].uri", rule: "SHA-256", of: Self.type)
            #expect(hash.message.contains(claimed))
            #expect(!hash.message.contains(claim.sha256), "tells the real hash: \(hash.message)")
            let large = try await self.refusal(bed, claim.uri, sha256: claim.sha256, size: (100 << 20) + 1)
            expectRefusal(large, "claimTooLarge", field: "dceFiles[0].uri", rule: "at most", of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM dce_files") == 0)
        }
    }
}
