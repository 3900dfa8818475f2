public import Foundation

/// An OCDS `Value`: an amount and its currency.
///
/// The domain stores amounts as integer cents; ``init(cents:currency:)`` builds the `Decimal` from the integer
/// (significand and exponent −2), never through `Double`, so 12 345 678 901 cents is exactly `123456789.01`.
public struct OCDSValue: Sendable, Hashable, Codable {
    /// The amount (a JSON number).
    public var amount: Decimal?
    /// The ISO 4217 currency code, `EUR` on Passerelle.
    public var currency: String?

    /// Creates a value.
    ///
    /// - Parameters:
    ///   - amount: The amount.
    ///   - currency: The ISO 4217 code.
    public init(amount: Decimal?, currency: String? = "EUR") {
        self.amount = amount
        self.currency = currency
    }

    /// Creates a value from integer cents.
    ///
    /// - Parameters:
    ///   - cents: The amount in cents (HT on Passerelle).
    ///   - currency: The ISO 4217 code, `EUR` by default.
    public init(cents: Int64, currency: String = "EUR") {
        self.init(amount: Self.decimal(fromCents: cents), currency: currency)
    }

    /// The exact decimal amount of a number of cents.
    ///
    /// - Parameter cents: The amount in cents.
    /// - Returns: `cents × 10⁻²`, exact.
    public static func decimal(fromCents cents: Int64) -> Decimal {
        let magnitude = Decimal(cents.magnitude)
        return Decimal(sign: cents < 0 ? .minus : .plus, exponent: -2, significand: magnitude)
    }
}
