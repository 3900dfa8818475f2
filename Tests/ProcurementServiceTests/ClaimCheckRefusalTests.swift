import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// Files handed over by claim check (DCE files, sealed deposits, contract pieces) are read only from the
/// claim-check folder and must match their claim (the confinement itself: ClaimCheckConfinementTests).
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct ClaimCheckRefusalTests {
    @Test func aDCEFileMustBeTheClaimedFileOfTheStore() async throws {
        try await ProcurementBed.run { bed in
            let rc = try bed.claims.file("claims-RC.pdf")
            let missing = bed.claims.directory.appendingPathComponent("absent.pdf").absoluteString
            let cases: [(code: String, rule: String, edit: (inout TenderPublish.DceFile) -> Void)] = [
                ("unsupportedClaimCheck", "file: URIs", { $0.uri = "https://files.example/RC.pdf" }),
                ("claimOutsideStore", "inside the claims directory", { $0.uri = "file:///etc/hostname" }),
                ("claimOutsideStore", "inside the claims directory", { $0.uri = missing }),
                ("claimSizeMismatch", "sizeBytes equals the file size", { $0.sizeBytes += 1 }),
                ("claimHashMismatch", "SHA-256 of the file", { $0.sha256 = String(repeating: "0", count: 64) }),
            ]
            for refusal in cases {
                var file = bed.claims.dceFile(.rc, rc)
                refusal.edit(&file)
                let command = Fixtures.publish(now: bed.clock.now(), dce: [file])
                let rejected = try await bed.refused(command, id: command.tenderId)
                expectRefusal(
                    rejected, refusal.code, field: "dceFiles[0].uri", rule: refusal.rule, of: TenderPublish.messageType)
            }
            #expect(try await bed.count("SELECT count(*) FROM tenders") == 0)
            #expect(try await bed.count("SELECT count(*) FROM dce_files") == 0)
        }
    }
}
