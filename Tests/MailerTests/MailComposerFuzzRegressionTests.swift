import Foundation
import Mailer
import Testing

/// Inputs the `mime` fuzz target found (Fuzz/regressions/mime/), kept as tests of the behaviour that replaced
/// the crash.
@Suite struct MailComposerFuzzRegressionTests {
    let composer = MailComposer()

    /// Fuzz/regressions/mime/send-time-beyond-int64: the send time was the bit pattern of the bytes `17672xxx`
    /// (about 1e271 seconds) and `compose` trapped converting it to `Int64`. Now every send time a `Date:` field
    /// cannot hold is refused as invalid, naming the field.
    @Test(arguments: [
        Double(bitPattern: 0x7878_7832_3736_3731), .nan, .infinity, -.infinity, Double(Int64.max), -Double(Int64.max),
        253_402_300_800, -62_135_596_801,
    ])
    func aSendTimeOutsideYears1To9999IsRefused(seconds: Double) {
        #expect {
            _ = try self.composer.compose(sampleMessage(), secondsSince1970: seconds)
        } throws: { error in
            guard let error = error as? MailError else { return false }
            return error.kind == .invalid && error.detail.hasPrefix("date:") && error.detail.contains("1 to 9999")
        }
    }

    @Test func theFirstAndLastWritableInstantsHaveFourDigitYears() throws {
        let first = try self.composer.compose(sampleMessage(), secondsSince1970: -62_135_596_800)
        #expect(first.hasPrefix("Date: Mon, 01 Jan 0001 00:00:00 +0000\r\n"))
        let last = try self.composer.compose(sampleMessage(), secondsSince1970: 253_402_300_799.9)
        #expect(last.hasPrefix("Date: Fri, 31 Dec 9999 23:59:59 +0000\r\n"))
        let early = try self.composer.compose(sampleMessage(), secondsSince1970: -58_979_923_200)
        #expect(early.hasPrefix("Date: Sat, 01 Jan 0101 00:00:00 +0000\r\n"))
    }
}
