public import NotificationsContracts

/// A notice written out: the template, its preference category, whether it is mandatory, subject and body.
public struct RenderedNotice: Sendable, Hashable {
    /// The template name (`award-rejection-letter`).
    public var template: String
    /// The preference category (`tender-alerts`, `procurement-notices`…).
    public var category: NoticeCategory
    /// Mandatory notices ignore unsubscriptions and never carry unsubscribe headers.
    public var mandatory: Bool
    /// The subject.
    public var subject: String
    /// The plain-text body.
    public var body: String
}

/// What a notice says about its tender when the tender's publication was seen.
struct TenderLabel: Sendable {
    var reference: String
    var title: String
    var buyerName: String
    var pageURL: String

    /// « « Réfection de voirie » (réf. 2026-014, Commune de Dijon) ».
    var phrase: String { "« \(self.title) » (réf. \(self.reference), \(self.buyerName))" }
}
