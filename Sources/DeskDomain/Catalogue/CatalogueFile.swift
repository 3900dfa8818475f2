/// The files of a catalogue directory. Each holds a mapping with one key, named like the file's content:
///
/// ```text
/// themes.yaml         themes: [{id, label}]
/// subjects.yaml       subjects: [{id, themeId, label, requiresSiret, requiresRequestedHelpAmount,
///                                  requiresLocation, acceptsClosedEstablishments, questions: [{id, label}]}]
/// institutions.yaml   institutions: [{id, name, kind, filters, questionRules: [{questionId, excludeWhenAnswer}]}]
/// antennes.yaml       antennes: [{id, institutionId, name, level, coverage: {communes, departements},
///                                  manager: {name, email}, filters}]
/// experts.yaml        experts: [{id, antenneId, fullName, email, subjectIds, globalZone, communes}]
/// default-desk.yaml   defaultDesk: {expertId, manager: {name, email}}
/// ```
///
/// Paths in errors and issues start at that key: `experts[3].antenneId` in `experts.yaml`.
public enum CatalogueFile: String, Sendable, Hashable, Codable, CaseIterable {
    case themes
    case subjects
    case institutions
    case antennes
    case experts
    case defaultDesk

    /// `themes.yaml`, …, `default-desk.yaml`.
    public var fileName: String {
        switch self {
        case .defaultDesk: return "default-desk.yaml"
        default: return "\(self.rawValue).yaml"
        }
    }

    /// The one top-level key of the file.
    public var rootKey: String { self.rawValue }
}
