/// The authority's own number for an act: 1–15 upper-case letters, digits and `_`, no `_` at either end (the
/// strict rule of domain §3.5: `-` separates the parts of the IDActe).
public struct NumeroInterne: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) throws(DocumentRefusal) {
        let bytes = Array(value.utf8)
        let allowed = bytes.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
        guard (1...15).contains(bytes.count), allowed, bytes.first != 0x5F, bytes.last != 0x5F else {
            throw DocumentRefusal(
                "numeroInterneInvalid", field: "numeroInterne",
                rule: "domain §3.5: 1–15 characters A–Z, 0–9 and _, no _ at either end",
                "\(value.debugDescription) breaks the strict numéro interne rule")
        }
        self.value = value
    }

    public var description: String { self.value }
}
