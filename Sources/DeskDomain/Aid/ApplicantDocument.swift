/// A document an applicant provides with an aid application (domain §5.4, "to confirm").
public enum ApplicantDocument: String, Sendable, Hashable, Codable, CaseIterable {
    /// Extrait Sirene / Kbis.
    case sireneExtract
    /// Relevé d'identité bancaire.
    case bankDetails
    /// The last closed financial year's balance sheet.
    case lastBalanceSheet
    /// The one before.
    case previousBalanceSheet
    /// Quotes for the expenses the aid finances.
    case quotes
    case businessPlan
    /// Attestation de régularité fiscale.
    case taxComplianceCertificate
    /// Attestation de vigilance URSSAF.
    case socialComplianceCertificate
}
