import JSONSchema
import Testing

/// The French identifier formats. The numbers are synthetic except where noted; each valid one
/// passes the check it is listed under.
@Suite struct FrenchFormatTests {
    @Test func siren() {
        for valid in ["732829320", "212102313", "443061841", "356000000", "000000000"] {
            #expect(FormatCheckers.isSIREN(valid), "\(valid)")
        }
        for invalid in [
            "732829321", "21210231", "2121023130", "21210231A", " 212102313", "212 102 313", "٢١٢١٠٢٣١٣", "",
        ] {
            #expect(!FormatCheckers.isSIREN(invalid), "\(invalid)")
        }
    }

    @Test func siret() {
        for valid in ["21210231300013", "44306184100013", "73282932000074"] {
            #expect(FormatCheckers.isSIRET(valid), "\(valid)")
        }
        for invalid in ["21210231300014", "2121023130001", "212102313000130", "2121023130001X", "212 102 313 00013"] {
            #expect(!FormatCheckers.isSIRET(invalid), "\(invalid)")
        }
    }

    @Test func theSIRENPartMustPassLuhnOnItsOwn() {
        // 10000000000008: the 14 digits pass Luhn (1 doubled is 2, plus 8 makes 10), but the SIREN part
        // 100000000 does not (its 1 is not doubled: the sum is 1).
        #expect(!FormatCheckers.isSIREN("100000000"))
        #expect(!FormatCheckers.isSIRET("10000000000008"))
        // A digit sum that is a multiple of 5 helps La Poste only (domain.md §1.1).
        #expect(!FormatCheckers.isSIRET("12345678912345"))
    }

    @Test func laPosteSIRETsUseTheSumOfDigits() {
        // La Poste (SIREN 356000000): digit sum a multiple of 5 makes a SIRET valid without Luhn.
        #expect(FormatCheckers.isSIRET("35600000049837"))  // sum 45, fails Luhn
        #expect(FormatCheckers.isSIRET("35600000000048"))  // the head office: passes Luhn, sum 26
        #expect(!FormatCheckers.isSIRET("35600000000049"))  // sum 27, fails Luhn
        #expect(!FormatCheckers.isSIRET("35600000049838"))  // sum 46, fails Luhn
        // The exception belongs to La Poste only: the same digit sum elsewhere does not help.
        #expect(!FormatCheckers.isSIRET("35700000049836"))  // sum 45, fails Luhn
    }

    @Test func inseeCommuneCodes() {
        for valid in ["21231", "2A004", "2B033", "97411", "97209", "75056", "01001"] {
            #expect(FormatCheckers.isINSEECommune(valid), "\(valid)")
        }
        // 21000 is Dijon's postcode, not its INSEE code (21231); 99xxx codes are foreign countries.
        for invalid in ["2C004", "2a004", "3A004", "A1231", "2123", "212310", "21 31", "", "2A00B", "21000", "00123", "20004", "99134"] {
            #expect(!FormatCheckers.isINSEECommune(invalid), "\(invalid)")
        }
    }

    @Test func formatsApplyInSchemas() throws {
        let text = #"""
            {"properties": {"siren": {"format": "siren"}, "siret": {"format": "siret"},
                            "commune": {"format": "insee-commune"}}}
            """#
        #expect(try accepts(text, #"{"siren": "212102313", "siret": "35600000049837", "commune": "2A004"}"#))
        let compiled = try schema(text)
        let result = compiled.validate(json(#"{"siren": "212102314", "siret": "21210231300013", "commune": "2C004"}"#))
        #expect(result.errors.map(\.instanceLocation) == ["/siren", "/commune"])
        #expect(result.errors.map(\.message) == ["must be a valid siren", "must be a valid insee-commune"])
        #expect(result.errors.first?.keywordLocation == "/properties/siren/format")
    }
}
