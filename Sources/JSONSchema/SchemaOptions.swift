/// Options that change how a schema is compiled and how instances are validated.
public struct SchemaOptions: Sendable {
    /// A check for one `format`: returns whether the string conforms.
    public typealias FormatCheck = @Sendable (String) -> Bool

    /// The formats that are asserted, by name. `format` values missing from this table are
    /// annotations only and never fail validation; non-string instances always pass `format`.
    ///
    /// Add a check here for a format the validator does not build in, such as a domain identifier:
    ///
    /// ```swift
    /// var options = SchemaOptions()
    /// options.formats["siret"] = { SIRET.isValid($0) }   // from the Identifiers module
    /// ```
    public var formats: [String: FormatCheck]

    /// Creates options; by default every built-in format (``FormatCheckers/all``) is asserted.
    public init(formats: [String: FormatCheck] = FormatCheckers.all) {
        self.formats = formats
    }

    /// The default options.
    public static var `default`: SchemaOptions { SchemaOptions() }

    /// Options that treat every `format` as an annotation (the draft 2020-12 default behaviour).
    public static var formatsAsAnnotations: SchemaOptions { SchemaOptions(formats: [:]) }
}
