import Contracts
import Foundation
import JSONSchema
import Testing

/// The `siren` and `siret` formats of contract schemas, checked by the Identifiers module. The numbers are
/// synthetic except where noted; each valid one passes the check it is listed under. (These cases were
/// JSONSchema's own `isSIREN`/`isSIRET` tests before the checks moved to Identifiers.)
@Suite struct IdentifierFormatTests {
    private func isSIREN(_ text: String) -> Bool { ContractFormats.identifiers["siren"]?(text) ?? false }
    private func isSIRET(_ text: String) -> Bool { ContractFormats.identifiers["siret"]?(text) ?? false }

    private func compile(_ text: String) throws -> CompiledSchema {
        try JSONSchema.compile(try JSONValue(parsing: text), options: .contracts)
    }

    @Test func siren() {
        for valid in ["732829320", "212102313", "443061841", "356000000", "000000000"] {
            #expect(self.isSIREN(valid), "\(valid)")
        }
        for invalid in [
            "732829321", "21210231", "2121023130", "21210231A", " 212102313", "212 102 313", "٢١٢١٠٢٣١٣", "",
        ] {
            #expect(!self.isSIREN(invalid), "\(invalid)")
        }
    }

    @Test func siret() {
        for valid in ["21210231300013", "44306184100013", "73282932000074"] {
            #expect(self.isSIRET(valid), "\(valid)")
        }
        for invalid in ["21210231300014", "2121023130001", "212102313000130", "2121023130001X", "212 102 313 00013"] {
            #expect(!self.isSIRET(invalid), "\(invalid)")
        }
    }

    @Test func theSIRENPartMustPassLuhnOnItsOwn() {
        // 10000000000008: the 14 digits pass Luhn (1 doubled is 2, plus 8 makes 10), but the SIREN part
        // 100000000 does not (its 1 is not doubled: the sum is 1).
        #expect(!self.isSIREN("100000000"))
        #expect(!self.isSIRET("10000000000008"))
        // A digit sum that is a multiple of 5 helps La Poste only (domain.md §1.1).
        #expect(!self.isSIRET("12345678912345"))
    }

    @Test func laPosteSIRETsUseTheSumOfDigits() {
        // La Poste (SIREN 356000000): digit sum a multiple of 5 makes a SIRET valid without Luhn.
        #expect(self.isSIRET("35600000049837"))  // sum 45, fails Luhn
        #expect(self.isSIRET("35600000000048"))  // the head office: passes Luhn, sum 26
        #expect(!self.isSIRET("35600000000049"))  // sum 27, fails Luhn
        #expect(!self.isSIRET("35600000049838"))  // sum 46, fails Luhn
        // The exception belongs to La Poste only: the same digit sum elsewhere does not help.
        #expect(!self.isSIRET("35700000049836"))  // sum 45, fails Luhn
    }

    @Test func contractOptionsKeepEveryBuiltInFormat() {
        #expect(Set(ContractFormats.all.keys) == Set(FormatCheckers.all.keys).union(["siren", "siret"]))
        #expect(Set(SchemaOptions.contracts.formats.keys) == Set(ContractFormats.all.keys))
    }

    @Test func formatsApplyInSchemas() throws {
        let text = #"""
            {"properties": {"siren": {"format": "siren"}, "siret": {"format": "siret"},
                            "commune": {"format": "insee-commune"}}}
            """#
        let compiled = try self.compile(text)
        let valid = try JSONValue(parsing: #"{"siren": "212102313", "siret": "35600000049837", "commune": "2A004"}"#)
        #expect(compiled.validate(valid).isValid && compiled.isValid(valid))
        let invalid = try JSONValue(parsing: #"{"siren": "212102314", "siret": "21210231300013", "commune": "2C004"}"#)
        let result = compiled.validate(invalid)
        #expect(!compiled.isValid(invalid))
        #expect(result.errors.map(\.instanceLocation) == ["/siren", "/commune"])
        #expect(result.errors.map(\.message) == ["must be a valid siren", "must be a valid insee-commune"])
        #expect(result.errors.first?.keywordLocation == "/properties/siren/format")
    }

    /// The repository's contracts reference `common/schemas/identifiers.json#/$defs/siret`; the compiled
    /// message schemas check it with Identifiers' rule, La Poste included.
    @Test func contractSchemasCheckSIRETsWithIdentifiers() throws {
        let loaded = ContractLoader(root: ContractLoaderTests.repositoryContracts).load()
        let schemas = ContractSchemas(hub: loaded.hub)
        let type = "documents.pes.information-available.v1"
        let example = try #require(loaded.hub.messages[type]?.examples.first?.payload.objectValue)
        #expect(schemas.validate(.object(example), as: type)?.isValid == true)
        var payload = example
        payload["idColl"] = "35600000049837"
        #expect(schemas.validate(.object(payload), as: type)?.isValid == true)
        payload["idColl"] = "21210231300014"
        let result = try #require(schemas.validate(.object(payload), as: type))
        #expect(result.errors.map(\.instanceLocation) == ["/idColl"])
        #expect(result.errors.first?.message == "must be a valid siret")
    }
}
