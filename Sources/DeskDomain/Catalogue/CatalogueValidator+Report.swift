import Identifiers

extension CatalogueValidator {
    /// The issues found so far, and the checks shared by several files.
    struct Report {
        var issues: [CatalogueIssue] = []

        mutating func add(
            _ severity: CatalogueIssue.Severity, _ file: CatalogueFile, _ path: String, _ rule: CatalogueIssue.Rule,
            _ message: String
        ) {
            self.issues.append(CatalogueIssue(severity, file: file, path: path, rule: rule, message: message))
        }

        /// Reports blank and repeated ids; returns the set of ids.
        mutating func uniqueIds(_ ids: [String], file: CatalogueFile, path: String? = nil) -> Set<String> {
            let base = path ?? file.rootKey
            var seen: [String: Int] = [:]
            for (index, id) in ids.enumerated() {
                if id.trimmingWhitespace().isEmpty {
                    self.add(.error, file, "\(base)[\(index)].id", .required, "the id is blank")
                } else if let first = seen[id] {
                    self.add(.error, file, "\(base)[\(index)].id", .duplicateId, "\(id) is also \(base)[\(first)].id")
                } else {
                    seen[id] = index
                }
            }
            return Set(seen.keys)
        }

        mutating func requireText(_ text: String, file: CatalogueFile, path: String) {
            if text.trimmingWhitespace().isEmpty {
                self.add(.error, file, path, .required, "the text is blank")
            }
        }

        mutating func reference(_ id: String, in ids: Set<String>, file: CatalogueFile, path: String, kind: String) {
            if !ids.contains(id) {
                self.add(.error, file, path, .unknownReference, "no \(kind) \(id)")
            }
        }

        mutating func communes(_ codes: [String], file: CatalogueFile, path: String) {
            for (index, code) in codes.enumerated() where !CommuneCode.isValid(code) {
                self.add(.error, file, "\(path)[\(index)]", .invalidCommune, "\(code) is not an INSEE commune code")
            }
        }

        mutating func email(_ email: String, file: CatalogueFile, path: String) {
            if !EmailAddress.isPlausible(email) {
                self.add(.error, file, path, .invalidEmail, "\(email) is not an e-mail address")
            }
        }

        mutating func filters(_ filters: MatchFilters, file: CatalogueFile, path: String) {
            for (field, patterns) in [
                ("acceptedNafCodes", filters.acceptedNafCodes), ("excludedNafCodes", filters.excludedNafCodes),
            ] {
                for (index, pattern) in (patterns ?? []).enumerated() where !NAFCode.isValidPattern(pattern) {
                    self.add(
                        .error, file, "\(path).\(field)[\(index)]", .invalidNafPattern,
                        "\(pattern) is neither a NAF code (NN.NNL) nor a prefix (NN, NN.N, NN.NN)")
                }
            }
            for (field, codes) in [
                ("acceptedLegalForms", filters.acceptedLegalForms), ("excludedLegalForms", filters.excludedLegalForms),
            ] {
                for (index, code) in (codes ?? []).enumerated() where !LegalCategory.isValid(code) {
                    self.add(.error, file, "\(path).\(field)[\(index)]", .invalidLegalForm, "\(code) is not 4 digits")
                }
            }
            let numbers = [
                ("effectifMin", filters.effectifMin), ("effectifMax", filters.effectifMax),
                ("minYearsOfExistence", filters.minYearsOfExistence),
                ("maxYearsOfExistence", filters.maxYearsOfExistence),
            ]
            for (field, value) in numbers {
                if let value, value < 0 {
                    self.add(.error, file, "\(path).\(field)", .negativeBound, "\(field) is \(value)")
                }
            }
            self.bounds(filters, file: file, path: path, context: "")
        }

        mutating func bounds(_ filters: MatchFilters, file: CatalogueFile, path: String, context: String) {
            if let minimum = filters.effectifMin, let maximum = filters.effectifMax, minimum > maximum {
                self.add(
                    .error, file, "\(path).effectifMin", .minAboveMax,
                    "effectifMin \(minimum) is above effectifMax \(maximum)\(context)")
            }
            if let minimum = filters.minYearsOfExistence, let maximum = filters.maxYearsOfExistence, minimum > maximum {
                self.add(
                    .error, file, "\(path).minYearsOfExistence", .minAboveMax,
                    "minYearsOfExistence \(minimum) is above maxYearsOfExistence \(maximum)\(context)")
            }
        }

        mutating func defaultDesk(_ desk: DefaultDesk?, expertIds: Set<String>) {
            guard let desk else {
                self.add(.error, .defaultDesk, "defaultDesk", .defaultDeskMissing, "the catalogue has no default desk")
                return
            }
            self.reference(
                desk.expertId, in: expertIds, file: .defaultDesk, path: "defaultDesk.expertId", kind: "expert")
            self.email(desk.manager.email, file: .defaultDesk, path: "defaultDesk.manager.email")
        }
    }
}
