import Identifiers
import Testing

@Suite struct IdentifierTests {
    @Test(arguments: ["123456782", "999999998", "800000002", "552081317", "212102313", "200053726", "356000000"])
    func validSIRENFixturesAreAccepted(_ value: String) throws {
        #expect(try SIREN(value).value == value)
    }

    @Test func sirenFailuresNameTheFieldRuleAndValue() {
        let cases: [(String, IdentifierError.Code)] = [
            ("123456789", .checksumFailed), ("212102314", .checksumFailed), ("213400000", .checksumFailed),
            ("12345678", .wrongLength), ("12345678A", .notDigits), ("552 081 317", .wrongLength),
            ("55208131 ", .notDigits), ("５５２０８１３１７", .wrongLength),
        ]
        for (value, code) in cases {
            #expect(throws: IdentifierError(code, field: "siren", rule: ruleFor(code, digits: 9), value: value)) {
                try SIREN(value)
            }
        }
    }

    @Test func leadingZerosSurvive() throws {
        // 000000000 is Luhn-valid; an integer round trip would lose the zeros.
        #expect(try SIREN("000000000").value == "000000000")
        #expect(try Departement("001").code == "001")
    }

    @Test(arguments: [
        "55208131700018", "20005372600010", "73282932000074", "12345678200010", "21210231300013",
        "35600000000048", "35600000049837",
    ])
    func validSIRETFixturesAreAccepted(_ value: String) throws {
        let siret = try SIRET(value)
        #expect(siret.siren.value == String(value.prefix(9)))
        #expect(siret.nic == String(value.suffix(5)))
    }

    @Test func siretFailures() {
        // Digit sum 60 is a multiple of 5, but the mod-5 exception is for La Poste only.
        #expect(throws: IdentifierError.self) { try SIRET("12345678912345") }
        #expect(!SIRET.isValid("12345678912345"))
        #expect(!SIRET.isValid("21210231300012"))
        #expect(!SIRET.isValid("35600000049836"))  // La Poste, fails Luhn and mod 5
        #expect(!SIRET.isValid("3624679471379"))  // 13 digits
        do {
            _ = try SIRET("35600000049836")
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .checksumFailed)
            #expect(error.field == "siret")
            #expect(error.rule.contains("La Poste"))
            #expect(error.value == "35600000049836")
        }
    }

    @Test func laPosteRuleOnlyAppliesWhenLuhnFails() throws {
        // 35600000000048 passes ordinary Luhn; 35600000049837 only the digit-sum rule (sum 45).
        #expect(SIRET.isValid("35600000000048"))
        #expect(SIRET.isValid("35600000049837"))
    }

    @Test(arguments: ["FR03552081317", "FR46212102313", "FR74200053726", "FR11123456782"])
    func validVATNumbers(_ value: String) throws {
        let vat = try FrenchVATNumber(value)
        #expect(FrenchVATNumber(siren: vat.siren) == vat)
    }

    @Test func vatFailures() {
        #expect(
            throws: IdentifierError(
                .keyMismatch, field: "vatNumber", rule: "key = (12 + 3 × (SIREN mod 97)) mod 97",
                value: "FR04552081317"
            )
        ) { try FrenchVATNumber("FR04552081317") }
        #expect(!FrenchVATNumber.isValid("fr03552081317"))
        #expect(!FrenchVATNumber.isValid("FR03 552081317"))
        #expect(!FrenchVATNumber.isValid("FR03552081318"))
    }

    @Test func departementsUseTheThreeCharacterForm() throws {
        #expect(try Departement("21").code == "021")
        #expect(try Departement("2A").code == "02A")
        #expect(try Departement("02B").code == "02B")
        #expect(try Departement("971").code == "971")
        #expect(try Departement("988").code == "988")
        for invalid in ["020", "20", "096", "977", "986", "2a", " 21", "1", "0210", "97"] {
            #expect(!Departement.isValid(invalid), "\(invalid)")
        }
        #expect(Departement.validCodes.count == 94 + 2 + 6 + 2)
    }

    @Test func bourgogneFrancheComteHasEightDepartements() throws {
        #expect(
            Departement.bourgogneFrancheComte.map(\.code) == ["021", "025", "039", "058", "070", "071", "089", "090"])
        #expect(try Departement("21").isInBourgogneFrancheComte)
        #expect(try !Departement("75").isInBourgogneFrancheComte)
    }

    private func ruleFor(_ code: IdentifierError.Code, digits: Int) -> String {
        code == .checksumFailed ? "Luhn over the 9 digits" : "exactly \(digits) ASCII digits"
    }
}
