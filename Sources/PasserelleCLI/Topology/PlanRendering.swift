import Topology

/// The text form of a plan, in the spirit of `terraform plan`.
enum PlanRendering {
    static func symbol(_ action: TopologyPlan.Action) -> String {
        switch action {
        case .create: return "+"
        case .update: return "~"
        case .unchanged: return "="
        case .missing: return "+"
        case .orphan: return "-"
        case .extra: return "-"
        case .immutableDrift: return "!"
        }
    }

    static func note(_ action: TopologyPlan.Action) -> String {
        switch action {
        case .create: return "create"
        case .update: return "update in place"
        case .unchanged: return "unchanged"
        case .missing: return "drift: missing, re-create"
        case .orphan: return "drift: orphan, delete with --prune"
        case .extra: return "drift: extra, delete with --prune"
        case .immutableDrift: return "drift: immutable arguments differ, migrate with --migrate"
        }
    }

    /// Every entry except the unchanged ones (summarised), then a summary line.
    static func text(_ plan: TopologyPlan, desired: BrokerTopology, live: BrokerTopology?, verbose: Bool = false)
        -> String
    {
        var lines = ["Topology plan for vhost \(plan.vhost)"]
        if plan.hasChanges || verbose {
            lines.append("")
        }
        if plan.createsVHost {
            lines.append("  + vhost \(plan.vhost)  (create)")
        }
        for entry in plan.entries where verbose || entry.action != .unchanged {
            lines.append("  \(Self.symbol(entry.action)) \(entry.key)  (\(Self.note(entry.action)))")
            for change in entry.changes {
                lines.append("      \(change)")
            }
            if entry.action == .immutableDrift, case .queue(let queue)? = entry.desired, let live {
                lines.append("      migration plan:")
                for (index, step) in QueueMigration(queue: queue, desired: desired, live: live).steps.enumerated() {
                    lines.append("        \(index + 1). \(step)")
                }
            }
        }
        let counts = plan.counts
        let drift =
            (counts[.missing] ?? 0) + (counts[.orphan] ?? 0) + (counts[.extra] ?? 0) + (counts[.immutableDrift] ?? 0)
        lines.append("")
        if !plan.hasChanges {
            lines.append("No changes. The broker matches the contracts (\(counts[.unchanged] ?? 0) objects).")
        } else {
            lines.append(
                "Plan: \(counts[.create] ?? 0) to create, \(counts[.update] ?? 0) to update, \(counts[.unchanged] ?? 0) unchanged; "
                    + "drift: \(counts[.missing] ?? 0) missing, \(counts[.orphan] ?? 0) orphan, \(counts[.extra] ?? 0) extra, "
                    + "\(counts[.immutableDrift] ?? 0) immutable (\(drift) in all).")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
