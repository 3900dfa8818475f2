import Identifiers
import JSONSchema

/// The `format` checks contract schemas are compiled with.
///
/// The validator's own formats (`FormatCheckers.all`: dates, `email`, `uuid`, `uri`,
/// `insee-commune`) plus the French identifiers, checked by the `Identifiers` module so that a payload and
/// the typed value decoded from it follow the same rule:
/// - `siren`: 9 ASCII digits, Luhn-valid (`SIREN`);
/// - `siret`: 14 ASCII digits, the SIREN part and all 14 Luhn-valid, or for La Poste (SIREN `356000000`) a
///   digit sum that is a multiple of 5 (`SIRET`).
public enum ContractFormats {
    /// The identifier formats, by name: `siren` and `siret`.
    public static let identifiers: [String: SchemaOptions.FormatCheck] = [
        "siren": { SIREN.isValid($0) },
        "siret": { SIRET.isValid($0) },
    ]

    /// Every format asserted in contract schemas: the built-in ones and ``identifiers``.
    public static let all: [String: SchemaOptions.FormatCheck] = FormatCheckers.all.merging(
        ContractFormats.identifiers, uniquingKeysWith: { _, identifier in identifier })
}

extension SchemaOptions {
    /// The options contract schemas are compiled with: every format of ``ContractFormats/all`` is asserted.
    ///
    /// Use them for any schema taken from `contracts/`, so that `siren` and `siret` are checked:
    ///
    /// ```swift
    /// let compiled = try JSONSchema.compile(document.root, baseURI: url.absoluteString, options: .contracts)
    /// ```
    public static var contracts: SchemaOptions {
        SchemaOptions(formats: ContractFormats.all)
    }
}
