extension MatchFilters {
    /// The filters by name, as explanations and catalogue issues give them.
    public enum Field: String, Sendable, Hashable, Codable, CaseIterable {
        case acceptedNafCodes, excludedNafCodes, effectifMin, effectifMax, minYearsOfExistence, maxYearsOfExistence
        case acceptedLegalForms, excludedLegalForms
    }

    /// A filter that refused a facility, with a sentence saying why
    /// (`excludedNafCodes: 56.10A matches excluded prefix 56.10`).
    public struct Failure: Sendable, Hashable, Codable {
        public let field: Field
        public let detail: String

        public init(field: Field, detail: String) {
            self.field = field
            self.detail = detail
        }
    }

    /// Whether `field` is set (a non-empty list, or a number).
    public func isSet(_ field: Field) -> Bool {
        switch field {
        case .acceptedNafCodes: return !(self.acceptedNafCodes ?? []).isEmpty
        case .excludedNafCodes: return !(self.excludedNafCodes ?? []).isEmpty
        case .effectifMin: return self.effectifMin != nil
        case .effectifMax: return self.effectifMax != nil
        case .minYearsOfExistence: return self.minYearsOfExistence != nil
        case .maxYearsOfExistence: return self.maxYearsOfExistence != nil
        case .acceptedLegalForms: return !(self.acceptedLegalForms ?? []).isEmpty
        case .excludedLegalForms: return !(self.excludedLegalForms ?? []).isEmpty
        }
    }

    /// Every filter `facility` fails on `day`, in the order of ``Field``; empty when it passes them all.
    public func failures(for facility: Facility, on day: CalendarDay) -> [Failure] {
        self.nafFailures(facility.nafCode) + self.headcountFailures(facility.headcountBand)
            + self.ageFailures(facility.creationDate, on: day) + self.legalFormFailures(facility.legalCategory)
    }

    private func nafFailures(_ code: String?) -> [Failure] {
        if let code, let pattern = (self.excludedNafCodes ?? []).first(where: { NAFCode.matches(code, pattern: $0) }) {
            let what = pattern == code ? "excluded code" : "excluded prefix"
            return [Failure(field: .excludedNafCodes, detail: "excludedNafCodes: \(code) matches \(what) \(pattern)")]
        }
        guard let accepted = self.acceptedNafCodes, !accepted.isEmpty else { return [] }
        guard let code else {
            return [Failure(field: .acceptedNafCodes, detail: "acceptedNafCodes: the NAF code is unknown")]
        }
        guard accepted.contains(where: { NAFCode.matches(code, pattern: $0) }) else {
            let list = accepted.joined(separator: ", ")
            return [Failure(field: .acceptedNafCodes, detail: "acceptedNafCodes: \(code) matches none of \(list)")]
        }
        return []
    }

    private func headcountFailures(_ band: HeadcountBand) -> [Failure] {
        var failures: [Failure] = []
        let staff = "band \(band.code) (\(band.label) staff)"
        if let minimum = self.effectifMin {
            if let lower = band.lowerBound {
                if lower < minimum {
                    failures.append(Failure(field: .effectifMin, detail: "effectifMin: \(staff) goes below \(minimum)"))
                }
            } else {
                failures.append(
                    Failure(
                        field: .effectifMin,
                        detail: "effectifMin: band NN (unknown headcount) fails any headcount filter"))
            }
        }
        if let maximum = self.effectifMax {
            if band == .unknown {
                failures.append(
                    Failure(
                        field: .effectifMax,
                        detail: "effectifMax: band NN (unknown headcount) fails any headcount filter"))
            } else if band.upperBound.map({ $0 > maximum }) ?? true {
                failures.append(Failure(field: .effectifMax, detail: "effectifMax: \(staff) goes above \(maximum)"))
            }
        }
        return failures
    }

    private func ageFailures(_ creation: CalendarDay?, on day: CalendarDay) -> [Failure] {
        guard self.minYearsOfExistence != nil || self.maxYearsOfExistence != nil else { return [] }
        // No creation date: no company yet, so 0 years.
        let years = creation?.wholeYears(until: day) ?? 0
        let age =
            creation.map { "created \($0), \(years) whole year\(years == 1 ? "" : "s") on \(day)" }
            ?? "no company yet (0 years)"
        var failures: [Failure] = []
        if let minimum = self.minYearsOfExistence, years < minimum {
            failures.append(
                Failure(field: .minYearsOfExistence, detail: "minYearsOfExistence: \(age), fewer than \(minimum)"))
        }
        if let maximum = self.maxYearsOfExistence, years > maximum {
            failures.append(
                Failure(field: .maxYearsOfExistence, detail: "maxYearsOfExistence: \(age), more than \(maximum)"))
        }
        return failures
    }

    private func legalFormFailures(_ category: String?) -> [Failure] {
        var failures: [Failure] = []
        if let accepted = self.acceptedLegalForms, !accepted.isEmpty {
            if let category {
                if !accepted.contains(category) {
                    let list = accepted.joined(separator: ", ")
                    failures.append(
                        Failure(
                            field: .acceptedLegalForms, detail: "acceptedLegalForms: \(category) is not one of \(list)")
                    )
                }
            } else {
                failures.append(
                    Failure(field: .acceptedLegalForms, detail: "acceptedLegalForms: the legal category is unknown"))
            }
        }
        if let category, (self.excludedLegalForms ?? []).contains(category) {
            failures.append(Failure(field: .excludedLegalForms, detail: "excludedLegalForms: \(category) is excluded"))
        }
        return failures
    }
}
