extension SchemaNode {
    func check(
        _ keyword: ObjectKeyword,
        _ object: JSONObject,
        _ context: inout ValidationContext,
        _ marks: inout EvaluationMarks?
    ) -> Bool {
        switch keyword {
        case .members(let members):
            return self.checkMembers(members, object, &context, &marks)
        case .required(let names):
            var valid = true
            for name in names where object.position(of: name) == nil {
                guard context.collecting else { return false }
                context.report(self, "required", "'\(name)' is a required property")
                valid = false
            }
            return valid
        case .minProperties(let minimum):
            if object.count >= minimum { return true }
            if context.collecting {
                context.report(
                    self, "minProperties", "must have at least \(minimum) propert\(minimum == 1 ? "y" : "ies")")
            }
            return false
        case .maxProperties(let maximum):
            if object.count <= maximum { return true }
            if context.collecting {
                context.report(
                    self, "maxProperties", "must have at most \(maximum) propert\(maximum == 1 ? "y" : "ies")")
            }
            return false
        case .dependentRequired(let dependencies):
            var valid = true
            for dependency in dependencies where object.position(of: dependency.property) != nil {
                for name in dependency.required where object.position(of: name) == nil {
                    guard context.collecting else { return false }
                    context.report(
                        self, "dependentRequired", "'\(name)' is required when '\(dependency.property)' is present"
                    )
                    valid = false
                }
            }
            return valid
        case .dependentSchemas(let dependencies):
            var valid = true
            for dependency in dependencies where object.position(of: dependency.property) != nil {
                let ok = context.apply(
                    dependency.schema, to: .object(object), marks: &marks, keyword: "dependentSchemas",
                    token: .key(dependency.property)
                )
                if !ok {
                    guard context.collecting else { return false }
                    valid = false
                }
            }
            return valid
        case .propertyNames(let schema):
            var valid = true
            for member in object.members {
                var none: EvaluationMarks? = nil
                if context.silently({ schema.validate(.string(member.key), &$0, &none) }) { continue }
                guard context.collecting else { return false }
                context.instancePath.append(.key(member.key))
                context.report(
                    self, "propertyNames", "property name '\(member.key)' does not match the propertyNames schema")
                context.instancePath.removeLast()
                valid = false
            }
            return valid
        }
    }

    private func checkMembers(
        _ members: MembersKeyword,
        _ object: JSONObject,
        _ context: inout ValidationContext,
        _ marks: inout EvaluationMarks?
    ) -> Bool {
        var valid = true
        if context.collecting {
            // Report missing names first, in schema order, before the members' own errors.
            for entry in members.required where object.position(of: entry.name) == nil {
                context.report(self, "required", "'\(entry.name)' is a required property")
                valid = false
            }
        }
        var seen: UInt64 = 0
        let checksEveryMember = !members.patterns.isEmpty || members.additional != nil || marks != nil
        for (position, member) in object.members.enumerated() {
            var evaluated = false
            if !members.names.isEmpty, let index = members.index(of: member) {
                evaluated = true
                if index < 64 { seen |= 1 << UInt64(index) }
                let ok = context.applyToChild(
                    members.schemas[index], to: member.value, keyword: "properties", token: .key(member.key),
                    instance: .key(member.key)
                )
                if !ok {
                    guard context.collecting else { return false }
                    valid = false
                }
            }
            guard checksEveryMember else { continue }
            for pattern in members.patterns
            where context.matches(pattern.matcher, member.key, node: self, keyword: "patternProperties") {
                evaluated = true
                let ok = context.applyToChild(
                    pattern.schema, to: member.value, keyword: "patternProperties", token: .key(pattern.matcher.source),
                    instance: .key(member.key)
                )
                if !ok {
                    guard context.collecting else { return false }
                    valid = false
                }
            }
            if !evaluated, let additional = members.additional {
                evaluated = true
                let ok = context.applyToChild(
                    additional, to: member.value, keyword: "additionalProperties", instance: .key(member.key)
                )
                if !ok {
                    guard context.collecting else { return false }
                    valid = false
                }
            }
            if evaluated { marks?.markProperty(position, count: object.count) }
        }
        guard !members.required.isEmpty, !context.collecting else { return valid }
        if seen & members.requiredMask == members.requiredMask,
            members.required.count == members.requiredMask.nonzeroBitCount
        {
            return valid
        }
        for entry in members.required {
            let present = entry.index.map { seen & (1 << UInt64($0)) != 0 } ?? (object.position(of: entry.name) != nil)
            if !present { return false }
        }
        return valid
    }
}
