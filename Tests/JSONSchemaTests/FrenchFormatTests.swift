import Identifiers
import JSONSchema
import Testing

/// The French formats built into the validator (`insee-commune`), and how `siren` and `siret` are added.
@Suite struct FrenchFormatTests {
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
        let text = #"{"properties": {"commune": {"format": "insee-commune"}}}"#
        #expect(try accepts(text, #"{"commune": "2A004"}"#))
        let result = try schema(text).validate(json(#"{"commune": "2C004"}"#))
        #expect(result.errors.map(\.instanceLocation) == ["/commune"])
        #expect(result.errors.map(\.message) == ["must be a valid insee-commune"])
        #expect(result.errors.first?.keywordLocation == "/properties/commune/format")
    }

    /// `siren` and `siret` come from the Identifiers module: Contracts adds them to its options
    /// (ContractsTests/IdentifierFormatTests checks them there); a caller may add them the same way.
    @Test func sirenAndSIRETAreCheckedOnlyWhenTheOptionsProvideThem() throws {
        #expect(FormatCheckers.all["siren"] == nil && FormatCheckers.all["siret"] == nil)
        let text = #"{"properties": {"siren": {"format": "siren"}, "siret": {"format": "siret"}}}"#
        let invalid = #"{"siren": "212102314", "siret": "21210231300014"}"#
        #expect(try accepts(text, invalid))
        var options = SchemaOptions()
        options.formats["siren"] = { SIREN.isValid($0) }
        options.formats["siret"] = { SIRET.isValid($0) }
        let result = try schema(text, options: options).validate(json(invalid))
        #expect(result.errors.map(\.instanceLocation) == ["/siren", "/siret"])
        #expect(try accepts(text, #"{"siren": "356000000", "siret": "35600000049837"}"#, options: options))
    }
}
