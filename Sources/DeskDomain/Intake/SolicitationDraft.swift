/// A solicitation as the intake form submits it (domain §5.1), before it is stored with its id, status and dates.
public struct SolicitationDraft: Sendable, Hashable, Codable {
    public var landingSubjectId: String
    public var description: String
    public var fullName: String
    public var email: String
    public var phone: String?
    /// 14 digits, exactly as typed after the UI removed spaces.
    public var siret: String?
    /// Euros excluding VAT, in cents.
    public var requestedHelpAmountCents: Int64?
    /// The commune's INSEE code (never a postcode).
    public var communeInsee: String?
    /// The INSEE region code (`27` for Bourgogne-Franche-Comté).
    public var regionCode: String?
    /// Free-form answers; yes/no answers to the subject's questions are `.bool` under the question id.
    public var formInfo: [String: FormValue]

    public init(
        landingSubjectId: String, description: String, fullName: String, email: String, phone: String? = nil,
        siret: String? = nil, requestedHelpAmountCents: Int64? = nil, communeInsee: String? = nil,
        regionCode: String? = nil, formInfo: [String: FormValue] = [:]
    ) {
        self.landingSubjectId = landingSubjectId
        self.description = description
        self.fullName = fullName
        self.email = email
        self.phone = phone
        self.siret = siret
        self.requestedHelpAmountCents = requestedHelpAmountCents
        self.communeInsee = communeInsee
        self.regionCode = regionCode
        self.formInfo = formInfo
    }

    /// The yes/no answers of `formInfo`, by question id, as ``Router/route(subjectId:facility:answers:on:)`` takes
    /// them.
    public var answers: [String: Bool] {
        self.formInfo.compactMapValues(\.bool)
    }
}
