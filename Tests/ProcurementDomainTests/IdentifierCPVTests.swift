import Foundation
import Identifiers
import Testing

@Suite struct IdentifierCPVTests {
    @Test(arguments: ["45213000-3", "72000000", "50320000", "45000000-7", "03000000-1", "98000000-3"])
    func validCodesAreAccepted(_ value: String) throws {
        let code = try CPVCode(value)
        #expect(code.digits == String(value.prefix(8)))
        #expect(!code.label.isEmpty)
    }

    @Test func formatFailures() {
        for value in ["4521300", "45213000-33", "45213000-", "45213000 3", "4521300A", " 45213000", "45213000–3"] {
            #expect(throws: IdentifierError(.invalidFormat, field: "cpv", rule: "^[0-9]{8}(-[0-9])?$", value: value)) {
                try CPVCode(value)
            }
        }
    }

    @Test func checkDigitMustMatchTheTable() throws {
        #expect(
            throws: IdentifierError(
                .checkDigitMismatch, field: "cpv", rule: "check digit 3 for 45213000", value: "45213000-4")
        ) { try CPVCode("45213000-4") }
        #expect(try CPVCode("45213000").description == "45213000-3")
    }

    @Test func codesOutsideTheTableAreRefused() {
        #expect(
            throws: IdentifierError(.unknownCode, field: "cpv", rule: "code in the CPV 2008 table", value: "12345678")
        ) {
            try CPVCode("12345678")
        }
    }

    @Test func domainExamplesAreInTheShippedTable() {
        let examples = [
            "45000000", "45200000", "45210000", "45213000", "45233000", "72000000", "50320000", "71000000",
            "79000000", "90000000", "30200000", "34000000", "39000000", "44000000", "48000000", "55000000",
            "60000000", "66000000", "77000000", "80000000", "85000000", "92000000", "98000000",
        ]
        for example in examples {
            #expect(CPVCode.isValid(example), "\(example)")
        }
        let catalogue = CPVCatalogue.bundled
        #expect(catalogue.entries.count >= 80)
        // Every division head is present, with a one-digit check digit.
        #expect(catalogue.entries.values.filter { $0.code.hasSuffix("000000") }.count == 45)
        #expect(catalogue.entries.values.allSatisfy { $0.checkDigit.count == 1 && $0.code.count == 8 })
    }

    @Test func officialCheckDigitsOfDivisionHeads() throws {
        let expected = [
            "03000000": "1", "09000000": "3", "15000000": "8", "30000000": "9", "34000000": "7", "45000000": "7",
            "48000000": "8", "50000000": "5", "55000000": "0", "60000000": "8", "66000000": "0", "71000000": "8",
            "72000000": "5", "77000000": "0", "79000000": "4", "80000000": "4", "85000000": "9", "90000000": "7",
            "92000000": "1", "98000000": "3",
        ]
        for (digits, check) in expected {
            #expect(try CPVCode(digits).checkDigit == check, "\(digits)")
        }
    }

    @Test func hierarchyByTrailingZeros() throws {
        let division = try CPVCode("45000000")
        let group = try CPVCode("45200000")
        let klass = try CPVCode("45210000")
        let category = try CPVCode("45213000")
        #expect(division.level == .division)
        #expect(group.level == .group)
        #expect(klass.level == .class)
        #expect(category.level == .category)
        #expect(category.significantDigits == "45213")
        #expect(category.hasPrefix(division) && category.hasPrefix(group) && category.hasPrefix(klass))
        #expect(!group.hasPrefix(category))
        #expect(!(try CPVCode("45233000")).hasPrefix(klass))
        #expect(category.hasPrefix("4521"))
        #expect(!category.hasPrefix("45213000-3"))
        #expect(try CPVCode("03000000").significantDigits == "03")
    }

    @Test func familiesByDivision() throws {
        #expect(try CPVCode("45213000").family == .works)
        #expect(try CPVCode("30200000").family == .supplies)
        #expect(try CPVCode("48000000").family == .supplies)
        #expect(try CPVCode("72000000").family == .services)
        #expect(try CPVCode("98000000").family == .services)
    }

    @Test func codableRoundTripKeepsTheCheckDigit() throws {
        let data = try JSONEncoder().encode([try CPVCode("72000000")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"72000000-5\"]")
        #expect(try JSONDecoder().decode([CPVCode].self, from: data) == [try CPVCode("72000000-5")])
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode([CPVCode].self, from: Data("[\"72000000-4\"]".utf8))
        }
    }

    @Test func customCatalogue() throws {
        let catalogue = CPVCatalogue(entries: [.init(code: "11111111", checkDigit: "2", label: "Test")])
        #expect(try CPVCode("11111111-2", catalogue: catalogue).label == "Test")
        #expect(!CPVCode.isValid("45000000", catalogue: catalogue))
    }
}
