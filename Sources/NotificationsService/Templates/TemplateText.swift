import CommonContracts
import ContractTypes
import Foundation
import NotificationsContracts

/// What is wrong with a notice request of a template family (`documents-*`, `desk-*`, `training-*`).
enum TemplateProblem: Hashable, Sendable {
    case unknownTemplate
    case missingParameter(String)
    case invalidParameter(String, rule: String)

    /// The sentence of an error: it names the template and the parameter, never a value, so it is safe to log.
    func description(template: String, known: [String]) -> String {
        switch self {
        case .unknownTemplate:
            return "unknown notice template '\(template)' (known: \(known.joined(separator: ", ")))"
        case .missingParameter(let name):
            return "notice template '\(template)': missing parameter '\(name)'"
        case .invalidParameter(let name, let rule):
            return "notice template '\(template)': invalid parameter '\(name)' (\(rule))"
        }
    }
}

/// The permanent error of a template family. It is not a `TransientFailure`: the request is parked at once.
protocol TemplateFailure: Error {
    init(template: String, problem: TemplateProblem)
}

/// A family of notice templates asked for through `notifications.notice.request.v1`: its names share a prefix
/// (`documents-`, `desk-`, `training-`) and it knows them all.
protocol TemplateFamily {
    /// The prefix of the family's template names.
    static var prefix: String { get }
    /// Every template name of the family, for the error of an unknown one.
    static var templateNames: [String] { get }
}

extension TemplateFamily {
    /// Whether the template name belongs to this family.
    static func handles(_ template: String) -> Bool { template.hasPrefix(Self.prefix) }
}

/// Why a notice request of a template family cannot be written out. It is not a `TransientFailure`, so the
/// runtime treats it as permanent: the request is parked at once (with this description), never retried, and no
/// notice of it is queued.
struct FamilyTemplateError<Family: TemplateFamily>: TemplateFailure, Hashable, CustomStringConvertible {
    typealias Problem = TemplateProblem

    /// The requested template name.
    var template: String
    var problem: Problem

    var description: String {
        self.problem.description(template: self.template, known: Family.templateNames)
    }
}

/// Text pieces shared by the template families.
enum TemplateText {
    /// « Label : value » lines, skipping the absent values.
    static func facts(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { label, value in value.map { "\(label) : \($0)" } }.joined(separator: "\n")
    }

    /// The paragraphs separated by a blank line, skipping the absent and empty ones.
    static func paragraphs(_ parts: [String?]) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// The request's attachments by name, after a blank line; empty without attachments. The attachments are
    /// claim checks inside the platform: the mail names them, never their internal address.
    static func attachments(of request: NoticeRequest) -> String {
        let files = (request.attachments ?? []).map { "- \($0.fileName)" }
        return files.isEmpty ? "" : "\n\nDocuments :\n" + files.joined(separator: "\n")
    }
}

/// The variables of one request, read for one template: trimmed, an empty value counts as absent. A missing
/// or invalid variable throws the family's ``TemplateFailure`` naming the template and the variable.
struct TemplateParameters<Failure: TemplateFailure> {
    let template: String
    let values: [String: ContractScalar]
    let time: FrenchTime

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = self.time.timeZone
        return calendar
    }

    func missing(_ name: String) -> Failure {
        Failure(template: self.template, problem: .missingParameter(name))
    }

    func invalid(_ name: String, rule: String) -> Failure {
        Failure(template: self.template, problem: .invalidParameter(name, rule: rule))
    }

    /// The value as text, lines kept.
    func optionalText(_ name: String) -> String? {
        guard let value = self.values[name]?.text.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    func text(_ name: String) throws(Failure) -> String {
        guard let value = self.optionalText(name) else { throw self.missing(name) }
        return value
    }

    /// The value on one line (line breaks become spaces), for identifiers and subjects.
    func optionalLine(_ name: String) -> String? {
        self.optionalText(name)?.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    func line(_ name: String) throws(Failure) -> String {
        guard let value = self.optionalLine(name) else { throw self.missing(name) }
        return value
    }

    /// The non-empty lines of the value.
    func lines(_ name: String) throws(Failure) -> [String] {
        let lines = (self.optionalText(name) ?? "").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw self.missing(name) }
        return lines
    }

    /// `true`/`false`, as a boolean or as text.
    func flag(_ name: String) throws(Failure) -> Bool {
        switch self.optionalLine(name)?.lowercased() {
        case nil: throw self.missing(name)
        case "true": return true
        case "false": return false
        default: throw self.invalid(name, rule: "true or false")
        }
    }

    /// One of the given codes (case-sensitive), mapped to its value; `nil` when absent.
    func optionalChoice<Value>(_ name: String, among options: KeyValuePairs<String, Value>) throws(Failure) -> Value? {
        guard let code = self.optionalLine(name) else { return nil }
        guard let value = options.first(where: { $0.key == code })?.value else {
            let codes = options.map { $0.key }
            throw self.invalid(name, rule: codes.dropLast().joined(separator: ", ") + " or " + (codes.last ?? ""))
        }
        return value
    }

    func choice<Value>(_ name: String, among options: KeyValuePairs<String, Value>) throws(Failure) -> Value {
        guard let value = try self.optionalChoice(name, among: options) else { throw self.missing(name) }
        return value
    }

    /// A day `YYYY-MM-DD` (noon in the service's time zone) or an ISO 8601 date-time.
    func optionalDate(_ name: String) throws(Failure) -> Date? {
        guard let text = self.optionalLine(name) else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        if text.count == 10, parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2] {
            let wanted = DateComponents(year: year, month: month, day: day)
            let noon = DateComponents(year: year, month: month, day: day, hour: 12)
            // The calendar rolls 2026-02-30 over to March: such a day is refused below.
            if let date = self.calendar.date(from: noon),
                self.calendar.dateComponents([.year, .month, .day], from: date) == wanted
            {
                return date
            }
            throw self.invalid(name, rule: "a date YYYY-MM-DD")
        }
        let variants: [ISO8601DateFormatter.Options] = [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds],
        ]
        for options in variants {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        throw self.invalid(name, rule: "a date YYYY-MM-DD")
    }

    func date(_ name: String) throws(Failure) -> Date {
        guard let date = try self.optionalDate(name) else { throw self.missing(name) }
        return date
    }

    /// The optional `link`: an http(s) URL, shown as it is.
    func link() throws(Failure) -> String? {
        guard let link = self.optionalLine("link") else { return nil }
        guard link.hasPrefix("https://") || link.hasPrefix("http://"), !link.contains(" ") else {
            throw self.invalid("link", rule: "an http(s) URL")
        }
        return link
    }

    func requiredLink() throws(Failure) -> String {
        guard let link = try self.link() else { throw self.missing("link") }
        return link
    }
}
