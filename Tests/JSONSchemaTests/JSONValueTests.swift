import Foundation
import JSONSchema
import Testing

@Suite struct JSONValueTests {
    @Test func integersStayExactAndFractionsBecomeDoubles() throws {
        #expect(json("9007199254740993") == .number(.integer(9_007_199_254_740_993)))
        #expect(json("-9223372036854775808") == .number(.integer(.min)))
        #expect(json("1.5") == .number(.double(1.5)))
        guard case .number(.double(let big)) = json("18446744073709551616") else {
            Issue.record("integers beyond Int64 become doubles")
            return
        }
        #expect(big == 18_446_744_073_709_551_616.0)
    }

    @Test func numbersCompareMathematically() {
        #expect(JSONValue.number(.integer(1)) == .number(.double(1.0)))
        #expect(JSONValue.number(.integer(9_007_199_254_740_993)) != .number(.double(9_007_199_254_740_992)))
        #expect(JSONNumber.compare(.integer(.max), .double(9_223_372_036_854_775_808.0)) == -1)
        #expect(JSONNumber.compare(.double(-0.5), .integer(0)) == -1)
        #expect(Set<JSONValue>([1, 1.0, 2]).count == 2)
        #expect(json("1.0").typeName == "integer")
    }

    @Test func objectsKeepOrderAndCompareWithoutIt() {
        let value = json(#"{"b": 1, "a": [true, null], "c": {"x": "y"}}"#)
        #expect(value.objectValue?.keys == ["b", "a", "c"])
        #expect(value == json(#"{"c": {"x": "y"}, "a": [true, null], "b": 1.0}"#))
        #expect(value["a"]?[1] == .null)
        #expect(value.jsonString() == #"{"b":1,"a":[true,null],"c":{"x":"y"}}"#)
    }

    @Test func largeObjectsUseTheirIndex() {
        var object = JSONObject()
        for index in 0..<100 { object["key\(index)"] = .number(.integer(Int64(index))) }
        #expect(object.count == 100)
        #expect(object["key73"] == 73)
        object["key73"] = nil
        #expect(object["key73"] == nil)
        #expect(object["key99"] == 99)
        #expect(object.keys.first == "key0")
    }

    @Test func repeatedKeysKeepTheFirstPositionAndTheLastValue() {
        let value = json(#"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test func stringEscapesAndUnicode() {
        #expect(json(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\n\u{E9}\u{1F600}"))
        #expect(json(#""\ud800""#) == .string("\u{FFFD}"))
        #expect(JSONValue.string("tab\there\u{01}").jsonString() == #""tab\there\u0001""#)
    }

    @Test func stringsCompareByCodePoints() {
        #expect(JSONValue.string("\u{00E9}") != .string("e\u{0301}"))
    }

    @Test func invalidDocumentsReportTheByteOffset() {
        let cases: [(String, Int)] = [
            ("[1, 2", 5), (#"{"a" 1}"#, 5), ("01", 1), ("[1,]", 3), ("tru", 0), ("\"\u{01}\"", 1),
        ]
        for (text, offset) in cases {
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
            do {
                _ = try JSONValue(parsing: text)
            } catch {
                #expect(error.offset == offset, "\(text)")
            }
        }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: Data([0x22, 0xFF, 0x22])) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: String(repeating: "[", count: 600)) }
    }

    @Test func encodableValuesConvertThroughTheirEncoding() throws {
        struct Buyer: Encodable {
            let name: String
            let siren: String
            let lots: [Int]
            let amount: Double
        }
        let value = try JSONValue(encoding: Buyer(name: "Ville", siren: "212102313", lots: [1, 2], amount: 12.5))
        #expect(value["name"] == "Ville")
        #expect(value["lots"] == [1, 2])
        #expect(value["amount"] == 12.5)
    }

    @Test func codableRoundTrip() throws {
        let value = json(#"{"a": [1, 2.5, "x", null, true], "b": {"c": -3}}"#)
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        #expect(try JSONValue(parsing: data) == value)
    }

    @Test func prettyPrinting() {
        #expect(json(#"{"a": [1]}"#).jsonString(pretty: true) == "{\n  \"a\": [\n    1\n  ]\n}")
    }
}
