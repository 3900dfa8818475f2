import DeskDomain
import Testing

@Suite struct IntakeRulesTests {
    let withSiret = LandingSubject(id: "financer-un-projet-d-investissement", requiresRequestedHelpAmount: true)
    let withoutSiret = LandingSubject(id: "s-installer-creer", requiresSiret: false, requiresLocation: true)

    func draft(
        subject: String, siret: String? = nil, amount: Int64? = nil, commune: String? = nil,
        email: String = "marie.dupont@boulangerie-dupont.fr", phone: String? = nil, description: String? = nil
    ) -> SolicitationDraft {
        SolicitationDraft(
            landingSubjectId: subject,
            description: description ?? "Nous voulons agrandir notre atelier et acheter un nouveau four.",
            fullName: "Marie Dupont", email: email, phone: phone, siret: siret, requestedHelpAmountCents: amount,
            communeInsee: commune, regionCode: "27", formInfo: ["projectAbove50k": .bool(true)])
    }

    @Test func subjectWithoutSiretAcceptsAnIntakeWithoutSiret() {
        let violations = IntakeRules.check(
            self.draft(subject: "s-installer-creer", commune: "21231"), subject: self.withoutSiret)
        #expect(violations.isEmpty)
    }

    @Test func subjectRequiringSiretRefusesAnIntakeWithoutSiret() {
        let violations = IntakeRules.check(
            self.draft(subject: "financer-un-projet-d-investissement", amount: 12_000_000), subject: self.withSiret)
        #expect(violations.map(\.field) == ["siret"])
        #expect(violations.first?.rule == .required)
    }

    @Test func siretIsCheckedWithTheIdentifiersRules() {
        let subject = self.withSiret
        let valid = IntakeRules.check(
            self.draft(subject: subject.id, siret: "73282932000074", amount: 100), subject: subject)
        #expect(valid.isEmpty)
        let luhn = IntakeRules.check(
            self.draft(subject: subject.id, siret: "55208131700011", amount: 100), subject: subject)
        #expect(luhn.map(\.rule) == [.luhn])
        let spaced = IntakeRules.check(
            self.draft(subject: subject.id, siret: "732 829 320 00074", amount: 100), subject: subject)
        #expect(spaced.map(\.rule) == [.format])
        let laPoste = IntakeRules.check(
            self.draft(subject: subject.id, siret: "35600000000048", amount: 100), subject: subject)
        #expect(laPoste.isEmpty)
    }

    @Test func amountIsRequiredWhenFlaggedAndMustBePositive() {
        let subject = self.withSiret
        let missing = IntakeRules.check(self.draft(subject: subject.id, siret: "73282932000074"), subject: subject)
        #expect(
            missing == [
                FieldViolation(
                    field: "requestedHelpAmountCents", rule: .required, message: missing.first?.message ?? "")
            ])
        let zero = IntakeRules.check(
            self.draft(subject: subject.id, siret: "73282932000074", amount: 0), subject: subject)
        #expect(zero.map(\.field) == ["requestedHelpAmountCents"])
        #expect(zero.map(\.rule) == [.range])
    }

    @Test func communeIsRequiredWhenFlaggedAndMustBeAnInseeCode() {
        let subject = self.withoutSiret
        #expect(IntakeRules.check(self.draft(subject: subject.id), subject: subject).map(\.rule) == [.required])
        for good in ["21231", "2A004", "2B033", "97105"] {
            #expect(
                IntakeRules.check(self.draft(subject: subject.id, commune: good), subject: subject).isEmpty, "\(good)")
        }
        for bad in ["2123", "212310", "20004", "00123", "2C004", "96001", "21 231", "A1231"] {
            let violations = IntakeRules.check(self.draft(subject: subject.id, commune: bad), subject: subject)
            #expect(violations.map(\.field) == ["communeInsee"], "\(bad)")
            #expect(violations.map(\.rule) == [.format], "\(bad)")
        }
    }

    @Test func emailPhoneAndDescriptionNameTheirFieldAndRule() {
        let subject = self.withoutSiret
        func rules(_ draft: SolicitationDraft) -> [String] {
            IntakeRules.check(draft, subject: subject).map { "\($0.field):\($0.rule)" }
        }
        #expect(rules(self.draft(subject: subject.id, commune: "21231", email: "marie.dupont@")) == ["email:format"])
        #expect(rules(self.draft(subject: subject.id, commune: "21231", email: "a b@c.fr")) == ["email:format"])
        #expect(rules(self.draft(subject: subject.id, commune: "21231", email: "")) == ["email:required"])
        #expect(rules(self.draft(subject: subject.id, commune: "21231", phone: "03 80 44 81 00")).isEmpty)
        #expect(rules(self.draft(subject: subject.id, commune: "21231", phone: "+33 3 80 44 81 00")).isEmpty)
        #expect(rules(self.draft(subject: subject.id, commune: "21231", phone: "03 80 44")) == ["phone:format"])
        #expect(
            rules(self.draft(subject: subject.id, commune: "21231", description: "Aide ?")) == ["description:tooShort"])
        let long = String(repeating: "a", count: 5001)
        #expect(rules(self.draft(subject: subject.id, commune: "21231", description: long)) == ["description:tooLong"])
        #expect(
            rules(self.draft(subject: subject.id, commune: "21231", description: "   ")) == ["description:required"])
    }

    @Test func aClosedEstablishmentIsOfferedOnlyTheTransferSubject() throws {
        let catalogue = TestSupport.catalogue
        let closed = TestSupport.facility(
            naf: "10.71C", band: .from1To2, created: "1998-03-01", commune: "89024", legal: "1000", active: false)
        let financing = try #require(catalogue.subject("financer-un-projet-d-investissement"))
        #expect(IntakeRules.check(closed, subject: financing.landing).map(\.rule) == [.closedEstablishment])
        #expect(catalogue.subjectsForClosedEstablishments.map(\.id) == ["reprendre-une-entreprise"])
        let transfer = try #require(catalogue.subject("reprendre-une-entreprise"))
        #expect(IntakeRules.check(closed, subject: transfer.landing).isEmpty)
    }

    @Test func answersAreTheBooleansOfFormInfo() {
        let draft = SolicitationDraft(
            landingSubjectId: "exporter", description: "", fullName: "", email: "",
            formInfo: ["firstExport": .bool(false), "comment": .string("oui"), "staff": .integer(4)])
        #expect(draft.answers == ["firstExport": false])
    }
}
