import Identifiers

/// Checks a loaded catalogue: references, unique ids, codes, filter bounds, coverage, the default desk. Returns
/// every issue found, errors and warnings, in file order.
public enum CatalogueValidator {
    /// - Parameter catalogue: The catalogue, as ``Catalogue/load(directory:)`` returns it.
    /// - Returns: Every issue; the catalogue is deployable when their `errors` are empty.
    public static func validate(_ catalogue: Catalogue) -> [CatalogueIssue] {
        var report = Report()
        let themeIds = report.uniqueIds(catalogue.themes.map(\.id), file: .themes)
        let subjectIds = report.uniqueIds(catalogue.subjects.map(\.id), file: .subjects)
        let institutionIds = report.uniqueIds(catalogue.institutions.map(\.id), file: .institutions)
        let antenneIds = report.uniqueIds(catalogue.antennes.map(\.id), file: .antennes)
        let expertIds = report.uniqueIds(catalogue.experts.map(\.id), file: .experts)
        let questionIds = Set(catalogue.subjects.flatMap { $0.questions.map(\.id) })
        let institutionsById = Dictionary(catalogue.institutions.map { ($0.id, $0) }) { first, _ in first }
        let antennesById = Dictionary(catalogue.antennes.map { ($0.id, $0) }) { first, _ in first }

        for (index, theme) in catalogue.themes.enumerated() {
            report.requireText(theme.label, file: .themes, path: "themes[\(index)].label")
        }
        for (index, subject) in catalogue.subjects.enumerated() {
            let path = "subjects[\(index)]"
            report.requireText(subject.label, file: .subjects, path: "\(path).label")
            report.reference(subject.themeId, in: themeIds, file: .subjects, path: "\(path).themeId", kind: "theme")
            _ = report.uniqueIds(subject.questions.map(\.id), file: .subjects, path: "\(path).questions")
        }
        for (index, institution) in catalogue.institutions.enumerated() {
            let path = "institutions[\(index)]"
            report.requireText(institution.name, file: .institutions, path: "\(path).name")
            if !Institution.Kind.known.contains(institution.kind) {
                report.add(
                    .warning, .institutions, "\(path).kind", .unknownKind,
                    "kind \(institution.kind) is not a known kind")
            }
            report.filters(institution.filters, file: .institutions, path: "\(path).filters")
            for (ruleIndex, rule) in institution.questionRules.enumerated() {
                report.reference(
                    rule.questionId, in: questionIds, file: .institutions,
                    path: "\(path).questionRules[\(ruleIndex)].questionId", kind: "question")
            }
        }
        for (index, antenne) in catalogue.antennes.enumerated() {
            let path = "antennes[\(index)]"
            report.requireText(antenne.name, file: .antennes, path: "\(path).name")
            report.reference(
                antenne.institutionId, in: institutionIds, file: .antennes, path: "\(path).institutionId",
                kind: "institution")
            report.communes(antenne.coverage.communes, file: .antennes, path: "\(path).coverage.communes")
            for (codeIndex, code) in antenne.coverage.departements.enumerated() where !Departement.isValid(code) {
                report.add(
                    .error, .antennes, "\(path).coverage.departements[\(codeIndex)]", .invalidDepartement,
                    "\(code) is not a département code")
            }
            report.email(antenne.manager.email, file: .antennes, path: "\(path).manager.email")
            report.filters(antenne.filters, file: .antennes, path: "\(path).filters")
            if let institution = institutionsById[antenne.institutionId] {
                // Each set may be consistent while the merge is not (institution min 10, antenne max 5). Only a pair
                // with one bound from each side is checked here; the others were checked with their own set.
                var merged = institution.filters.overridden(by: antenne.filters)
                let own = antenne.filters
                if (own.effectifMin == nil) == (own.effectifMax == nil) { merged.effectifMin = nil }
                if (own.minYearsOfExistence == nil) == (own.maxYearsOfExistence == nil) {
                    merged.minYearsOfExistence = nil
                }
                report.bounds(
                    merged, file: .antennes, path: "\(path).filters",
                    context: " once merged with institution \(institution.id)")
            }
        }
        var servedSubjects: Set<String> = []
        for (index, expert) in catalogue.experts.enumerated() {
            let path = "experts[\(index)]"
            report.requireText(expert.fullName, file: .experts, path: "\(path).fullName")
            report.reference(
                expert.antenneId, in: antenneIds, file: .experts, path: "\(path).antenneId", kind: "antenne")
            report.email(expert.email, file: .experts, path: "\(path).email")
            report.communes(expert.communes, file: .experts, path: "\(path).communes")
            if expert.subjectIds.isEmpty, expert.id != catalogue.defaultDesk?.expertId {
                report.add(
                    .error, .experts, "\(path).subjectIds", .expertWithoutSubject,
                    "expert \(expert.id) takes no subject")
            }
            for (subjectIndex, subjectId) in expert.subjectIds.enumerated() {
                report.reference(
                    subjectId, in: subjectIds, file: .experts, path: "\(path).subjectIds[\(subjectIndex)]",
                    kind: "subject")
                servedSubjects.insert(subjectId)
            }
            // An unknown antenne is reported above; no second issue for it.
            let antenneCovers = antennesById[expert.antenneId].map { !$0.coverage.isEmpty } ?? true
            if !expert.globalZone, expert.communes.isEmpty, !antenneCovers, expert.id != catalogue.defaultDesk?.expertId
            {
                report.add(
                    .warning, .experts, path, .noCoverage,
                    "expert \(expert.id) covers no commune: no own communes, antenne \(expert.antenneId) covers none, "
                        + "not global"
                )
            }
        }
        for (index, subject) in catalogue.subjects.enumerated() where !servedSubjects.contains(subject.id) {
            report.add(
                .warning, .subjects, "subjects[\(index)]", .subjectWithoutExpert,
                "no expert takes \(subject.id): its needs all go to the default desk")
        }
        report.defaultDesk(catalogue.defaultDesk, expertIds: expertIds)
        return report.issues
    }
}
