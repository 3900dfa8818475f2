import Foundation
import Testing

/// Every refusal code the service can throw is reached by a test of this target: the code appears in the
/// test file named here. A new code fails this test until it has one (or a reason it cannot be reached).
@Suite struct RefusalCodeCoverageTests {
    /// The codes, by the test file that reaches them: the service's own and those of the domain rules
    /// (`ProcurementRuleError`) it passes on.
    static let reachedBy: [String: [String]] = [
        "PublishRefusalTests": [
            "invalidCpv", "invalidDepartement", "duplicateLot", "missingRc", "invalidFileNames",
            "invalidQuestionsClose",
            "procedureNotSupported", "alreadyPublished", "procedureNotAllowed", "deadlineTooShort", "noRuleForDate",
        ],
        "ClaimCheckRefusalTests": [
            "unsupportedClaimCheck", "claimOutsideStore", "claimSizeMismatch", "claimHashMismatch",
        ],
        "ClaimCheckConfinementTests": ["claimOutsideStore", "claimTooLarge"],
        "AmendRefusalTests": [
            "staleDceVersion", "fileNotFound", "missingRc", "fileExists", "tenderNotFound", "invalidTransition",
            "amendmentNeedsExtension", "deadlineNotLater", "deadlinePassed",
        ],
        "CancelRefusalTests": ["missingData", "invalidTransition"],
        "OpeningRefusalTests": ["deadlineNotReached", "invalidTransition", "notAuthorised"],
        "QuestionRefusalTests": [
            "unknownLot", "questionNotFound", "alreadyAnswered", "questionsClosed", "answerNeedsExtension",
            "invalidTransition",
        ],
        "BidDepositRefusalTests": [
            "missingParameter", "invalidLots", "invalidTimestamp", "invalidBidId", "invalidSiret", "invalidEmail",
            "noLot",
            "emptyBid", "unknownLot", "tenderNotFound", "bidIdReused", "invalidTransition", "bidTooLarge",
        ],
        "BidSubmitRefusalTests": ["unknownLot", "claimOutsideStore", "tenderNotFound"],
        "DocumentRefusalTests": [
            "incompleteIdentification", "identificationNeedsToken", "notYourEmail", "notYourSiret", "invalidEmail",
            "notACompany", "fileNotFound", "tenderNotFound",
        ],
        "AccessControlTests": [
            "notTheBidder", "roleNotVerified", "notTheBuyer", "actorMismatch", "notTheCompany", "companyTokenRequired",
        ],
        "SenderAuthorizationTests": ["actorTokenRequired"],
        "AwardRefusalTests": ["invalidTransition", "unknownLot", "bidNotOpened", "rejectionMissing", "lotDecided"],
        "ContractRefusalTests": [
            "awardNotFound", "standstillNotStarted", "standstillNotOver", "legalChallengePending", "alreadySigned",
        ],
    ]

    /// Codes no input can reach today, and why.
    static let unreachable: [String: String] = [
        "noContact": "the contract requires a non-empty contactName and the HTTP route refuses an empty one first",
        "unsupportedValue": "the command and event schemas list the same enum values (only a schema drift reaches it)",
        "invalid": "the fallback for a domain error that is not a ProcurementRuleError",
    ]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `code: "…"` literals of Sources/ProcurementService.
    static func sourceCodes() throws -> Set<String> {
        let folder = Self.root.appendingPathComponent("Sources/ProcurementService")
        let files =
            FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        let pattern = try Regex(#"code: "([A-Za-z]+)""#)
        var codes: Set<String> = []
        for file in files {
            for match in try String(contentsOf: file, encoding: .utf8).matches(of: pattern) {
                if let code = match.output[1].substring { codes.insert(String(code)) }
            }
        }
        return codes
    }

    @Test func everyCodeOfTheServiceIsReachedByATest() throws {
        let codes = try Self.sourceCodes()
        #expect(codes.count > 40)
        let covered = Set(Self.reachedBy.values.joined()).union(Self.unreachable.keys)
        #expect(codes.subtracting(covered).sorted() == [], "codes without a test")
    }

    @Test func theNamedTestsUseTheirCodes() throws {
        for (file, codes) in Self.reachedBy {
            let text = try String(
                contentsOf: Self.root.appendingPathComponent("Tests/ProcurementServiceTests/\(file).swift"),
                encoding: .utf8)
            for code in codes {
                #expect(text.contains("\"\(code)\""), "\(file) does not reach \(code)")
            }
        }
    }
}
