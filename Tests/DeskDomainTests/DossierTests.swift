import DeskDomain
import Testing

@Suite struct DossierTests {
    @Test func editingInInstructionIsRefusedUnlessACorrectionWasRequested() throws {
        var dossier = Dossier()
        try dossier.checkEditable()
        try dossier.submit()
        try dossier.checkEditable()
        try dossier.startInstruction()
        let refused = try #require(throws: DossierError.self) { try dossier.checkEditable() }
        #expect(refused.code == .editNotAllowed)
        #expect(refused.from == .enInstruction)
        try dossier.requestCorrection(reason: "RIB illisible")
        #expect(dossier.state == .enConstruction)
        #expect(dossier.correctionRequested)
        try dossier.checkEditable()
        try dossier.startInstruction()
        #expect(!dossier.correctionRequested)
        #expect(!dossier.canEdit)
        #expect(DossierState.enInstruction.canEdit(correctionRequested: true))
    }

    @Test func transitionsOutsideTheSchemaNameFromAndTo() throws {
        var dossier = Dossier()
        let early = try #require(throws: DossierError.self) { try dossier.decide(.accepte) }
        #expect(early.code == .transitionNotAllowed)
        #expect(early.from == .brouillon && early.to == .accepte)
        try dossier.submit()
        try dossier.startInstruction()
        #expect(throws: DossierError.self) { try dossier.decide(.enConstruction) }
        try dossier.decide(.accepte)
        #expect(dossier.state.isFinal)
        let late = try #require(throws: DossierError.self) { try dossier.requestCorrection(reason: "trop tard") }
        #expect(late.from == .accepte && late.to == .enConstruction)
        #expect(throws: DossierError.self) { try dossier.checkEditable() }
    }

    @Test func allowedTransitions() {
        #expect(DossierState.brouillon.allowedNext == [.enConstruction])
        #expect(DossierState.enConstruction.allowedNext == [.enInstruction])
        #expect(DossierState.enInstruction.allowedNext == [.enConstruction, .accepte, .refuse, .sansSuite])
        #expect(DossierState.allCases.filter(\.isFinal).allSatisfy { $0.allowedNext.isEmpty })
    }
}
