/// The documents each aid form requires (domain §5.4, "to confirm"): configuration, with ``standard`` as the
/// default the tests pin.
public struct DocumentChecklist: Sendable, Hashable, Codable {
    public var required: [AidForm: [ApplicantDocument]]

    public init(required: [AidForm: [ApplicantDocument]]) {
        self.required = required
    }

    /// Every form needs the Sirene extract, the last two balance sheets and the tax and social certificates.
    /// Subsidies and repayable advances add the bank details and quotes, advances and loans a business plan (loans
    /// also the bank details); a guarantee is paid to the lending bank, so it needs no bank details.
    public static let standard = DocumentChecklist(required: [
        .subsidy: [
            .sireneExtract, .bankDetails, .lastBalanceSheet, .previousBalanceSheet, .quotes, .taxComplianceCertificate,
            .socialComplianceCertificate,
        ],
        .zeroRateRepayableAdvance: [
            .sireneExtract, .bankDetails, .lastBalanceSheet, .previousBalanceSheet, .quotes, .businessPlan,
            .taxComplianceCertificate, .socialComplianceCertificate,
        ],
        .guarantee: [
            .sireneExtract, .lastBalanceSheet, .previousBalanceSheet, .businessPlan, .taxComplianceCertificate,
            .socialComplianceCertificate,
        ],
        .loan: [
            .sireneExtract, .bankDetails, .lastBalanceSheet, .previousBalanceSheet, .businessPlan,
            .taxComplianceCertificate, .socialComplianceCertificate,
        ],
    ])

    /// The documents `form` requires, in checklist order.
    public func documents(for form: AidForm) -> [ApplicantDocument] {
        self.required[form] ?? []
    }

    /// The required documents of `form` not in `provided`, in checklist order; empty when the file is complete.
    public func missing(for form: AidForm, provided: Set<ApplicantDocument>) -> [ApplicantDocument] {
        self.documents(for: form).filter { !provided.contains($0) }
    }
}
