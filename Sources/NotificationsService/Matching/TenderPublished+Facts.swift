public import ProcurementContracts

extension TenderPublished {
    /// The facts alert matching compares: every CPV, the place of execution (else the buyer's département).
    public var facts: TenderFacts {
        let cpvs = [self.mainCpv] + (self.additionalCpv ?? []) + self.lots.compactMap(\.cpv)
        let departements = [self.executionPlace?.departement ?? self.buyer.departement].compactMap { $0 }
        return TenderFacts(
            cpvCodes: cpvs, departements: departements, buyerSiret: self.buyer.siret, procedure: self.procedure.rawValue,
            title: self.title, description: self.description)
    }
}
