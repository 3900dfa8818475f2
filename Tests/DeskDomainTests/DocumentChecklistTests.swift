import DeskDomain
import Testing

@Suite struct DocumentChecklistTests {
    @Test func standardChecklistPerAidForm() {
        let checklist = DocumentChecklist.standard
        for form in AidForm.allCases {
            let documents = checklist.documents(for: form)
            #expect(documents.contains(.sireneExtract), "\(form)")
            #expect(documents.contains(.lastBalanceSheet) && documents.contains(.previousBalanceSheet), "\(form)")
            #expect(
                documents.contains(.taxComplianceCertificate) && documents.contains(.socialComplianceCertificate),
                "\(form)")
        }
        #expect(checklist.documents(for: .subsidy).contains(.quotes))
        #expect(!checklist.documents(for: .guarantee).contains(.bankDetails))
        #expect(checklist.documents(for: .loan).contains(.businessPlan))
    }

    @Test func missingDocumentsAreListedInChecklistOrder() {
        let provided: Set<ApplicantDocument> = [.sireneExtract, .bankDetails, .lastBalanceSheet, .quotes]
        #expect(
            DocumentChecklist.standard.missing(for: .subsidy, provided: provided)
                == [.previousBalanceSheet, .taxComplianceCertificate, .socialComplianceCertificate])
        #expect(DocumentChecklist.standard.missing(for: .subsidy, provided: Set(ApplicantDocument.allCases)).isEmpty)
    }
}
