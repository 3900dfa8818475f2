import Identifiers

/// The intake checks of domain §5.1 that need no I/O. Each violation names the field and a stable rule code; all
/// violations are returned, not only the first.
///
/// Limits (design): description 20–5000 characters, full name 1–200, e-mail per ``EmailAddress``, phone a French
/// number (10 digits starting with `0`) or international (`+` then 8–15 digits), spaces, dots and hyphens allowed
/// between digits.
public enum IntakeRules {
    public static let descriptionLength = 20...5000
    public static let maximumFullNameLength = 200

    /// Checks a draft against its landing subject's flags and the formats of §1.
    ///
    /// - Parameters:
    ///   - draft: The form as submitted.
    ///   - subject: The landing subject the form was opened from.
    /// - Returns: Every violation, in field order; empty when the draft is acceptable.
    public static func check(_ draft: SolicitationDraft, subject: LandingSubject) -> [FieldViolation] {
        var violations: [FieldViolation] = []
        if draft.landingSubjectId != subject.id {
            violations.append(
                FieldViolation(
                    field: "landingSubjectId", rule: .mismatch,
                    message: "the draft is for \(draft.landingSubjectId), checked against \(subject.id)"))
        }
        violations += self.checkDescription(draft.description)
        violations += self.checkFullName(draft.fullName)
        violations += self.checkEmail(draft.email)
        if let phone = draft.phone, !phone.isEmpty, !self.isPlausiblePhone(phone) {
            violations.append(
                FieldViolation(
                    field: "phone", rule: .format,
                    message: "expected 10 digits starting with 0, or + and 8–15 digits; got \(phone)"))
        }
        violations += self.checkSiret(draft.siret, required: subject.requiresSiret)
        if let amount = draft.requestedHelpAmountCents {
            if amount <= 0 {
                violations.append(
                    FieldViolation(
                        field: "requestedHelpAmountCents", rule: .range,
                        message: "the requested amount must be positive, got \(amount) cents"))
            }
        } else if subject.requiresRequestedHelpAmount {
            violations.append(
                FieldViolation(
                    field: "requestedHelpAmountCents", rule: .required,
                    message: "subject \(subject.id) requires the requested help amount"))
        }
        if let commune = draft.communeInsee, !commune.isEmpty {
            if !CommuneCode.isValid(commune) {
                violations.append(
                    FieldViolation(
                        field: "communeInsee", rule: .format,
                        message:
                            "expected an INSEE commune code (2 characters of département, 3 digits), got \(commune)"))
            }
        } else if subject.requiresLocation {
            violations.append(
                FieldViolation(
                    field: "communeInsee", rule: .required, message: "subject \(subject.id) requires the commune"))
        }
        if let region = draft.regionCode, region.utf8.count != 2 || !region.utf8.allSatisfy({ (48...57).contains($0) })
        {
            violations.append(
                FieldViolation(
                    field: "regionCode", rule: .format, message: "expected a 2-digit INSEE region code, got \(region)"))
        }
        return violations
    }

    /// Refuses a closed establishment unless the subject is offered to closed establishments (domain §5.1, "to
    /// confirm": offer the business-transfer subject instead).
    ///
    /// - Returns: A `closedEstablishment` violation on `siret`, or nothing.
    public static func check(_ facility: Facility, subject: LandingSubject) -> [FieldViolation] {
        guard !facility.active, !subject.acceptsClosedEstablishments else { return [] }
        return [
            FieldViolation(
                field: "siret", rule: .closedEstablishment,
                message:
                    "the establishment \(facility.siret?.value ?? "") is closed; "
                    + "offer the business-transfer subject instead"
            )
        ]
    }

    private static func checkDescription(_ description: String) -> [FieldViolation] {
        let text = description.trimmingWhitespace()
        let length = text.count
        if text.isEmpty {
            return [FieldViolation(field: "description", rule: .required, message: "the description is empty")]
        }
        if length < self.descriptionLength.lowerBound {
            return [
                FieldViolation(
                    field: "description", rule: .tooShort,
                    message: "at least \(self.descriptionLength.lowerBound) characters, got \(length)")
            ]
        }
        if length > self.descriptionLength.upperBound {
            return [
                FieldViolation(
                    field: "description", rule: .tooLong,
                    message: "at most \(self.descriptionLength.upperBound) characters, got \(length)")
            ]
        }
        return []
    }

    private static func checkFullName(_ fullName: String) -> [FieldViolation] {
        let text = fullName.trimmingWhitespace()
        if text.isEmpty {
            return [FieldViolation(field: "fullName", rule: .required, message: "the full name is empty")]
        }
        if text.count > self.maximumFullNameLength {
            return [
                FieldViolation(
                    field: "fullName", rule: .tooLong,
                    message: "at most \(self.maximumFullNameLength) characters, got \(text.count)")
            ]
        }
        return []
    }

    private static func checkEmail(_ email: String) -> [FieldViolation] {
        if email.isEmpty {
            return [FieldViolation(field: "email", rule: .required, message: "the e-mail address is empty")]
        }
        if email.utf8.count > EmailAddress.maximumLength {
            return [
                FieldViolation(
                    field: "email", rule: .tooLong,
                    message: "at most \(EmailAddress.maximumLength) characters, got \(email.utf8.count)")
            ]
        }
        if !EmailAddress.isPlausible(email) {
            return [FieldViolation(field: "email", rule: .format, message: "\(email) is not an e-mail address")]
        }
        return []
    }

    private static func checkSiret(_ siret: String?, required: Bool) -> [FieldViolation] {
        guard let siret, !siret.isEmpty else {
            return required
                ? [FieldViolation(field: "siret", rule: .required, message: "this subject requires a SIRET")] : []
        }
        do throws(IdentifierError) {
            _ = try SIRET(siret)
            return []
        } catch {
            let rule: FieldViolation.Rule = error.code == .checksumFailed ? .luhn : .format
            return [FieldViolation(field: "siret", rule: rule, message: "\(error.rule), got \(siret)")]
        }
    }

    private static func isPlausiblePhone(_ phone: String) -> Bool {
        let separators: Set<Character> = [" ", ".", "-"]
        var rest = Substring(phone)
        let international = rest.hasPrefix("+")
        if international { rest = rest.dropFirst() }
        guard let first = rest.first, first.isASCII, first.isNumber, let last = rest.last, last.isASCII, last.isNumber
        else { return false }
        var digits = ""
        for character in rest {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !separators.contains(character) {
                return false
            }
        }
        return international ? (8...15).contains(digits.count) : digits.count == 10 && digits.hasPrefix("0")
    }
}
