/// Computes a ``TopologyPlan``: a three-way comparison of the desired state, the live state and the set
/// of objects the last `apply` created. Pure: no I/O.
///
/// The last-applied set tells drift from news: a desired object that is absent is *missing* when it was
/// applied before (someone deleted it) and *create* otherwise; an undesired live object is an *orphan*
/// when Passerelle applied it and *extra* when it never did.
public enum TopologyPlanner {
    /// Compares the two states.
    ///
    /// - Parameters:
    ///   - desired: What the contracts and settings ask for.
    ///   - live: What the broker holds, or `nil` when the vhost does not exist.
    ///   - lastApplied: The keys the previous apply recorded; empty when none.
    /// - Returns: The plan, entries sorted in apply order.
    public static func plan(desired: BrokerTopology, live: BrokerTopology?, lastApplied: Set<ObjectKey> = [])
        -> TopologyPlan
    {
        let wanted = desired.objects
        let present = live?.objects ?? [:]
        var entries: [TopologyPlan.Entry] = []
        for (key, state) in wanted {
            guard let current = present[key] else {
                let action: TopologyPlan.Action = lastApplied.contains(key) && live != nil ? .missing : .create
                entries.append(.init(action: action, key: key, desired: state))
                continue
            }
            let (changes, immutable) = Self.compare(live: current, desired: state)
            let action: TopologyPlan.Action = changes.isEmpty ? .unchanged : (immutable ? .immutableDrift : .update)
            entries.append(.init(action: action, key: key, changes: changes, desired: state, live: current))
        }
        for (key, state) in present where wanted[key] == nil {
            entries.append(.init(action: lastApplied.contains(key) ? .orphan : .extra, key: key, live: state))
        }
        entries.sort { $0.key < $1.key }
        return TopologyPlan(vhost: desired.vhost, createsVHost: live == nil, entries: entries)
    }

    /// The changed fields, and whether any of them is immutable.
    static func compare(live: ObjectState, desired: ObjectState) -> ([TopologyPlan.Change], Bool) {
        var changes: [TopologyPlan.Change] = []
        func check<T: Equatable & CustomStringConvertible>(_ field: String, _ old: T, _ new: T) {
            if old != new {
                changes.append(.init(field: field, live: old.description, desired: new.description))
            }
        }
        func check(_ field: String, _ old: ArgumentTable, _ new: ArgumentTable) {
            for name in Set(old.keys).union(new.keys).sorted() where old[name] != new[name] {
                changes.append(
                    .init(field: "\(field).\(name)", live: old[name]?.description, desired: new[name]?.description))
            }
        }
        switch (live, desired) {
        case (.exchange(let old), .exchange(let new)):
            check("type", old.type, new.type)
            check("durable", old.durable, new.durable)
            check("auto_delete", old.autoDelete, new.autoDelete)
            check("internal", old.internal, new.internal)
            check("arguments", old.arguments, new.arguments)
            return (changes, true)
        case (.queue(let old), .queue(let new)):
            check("durable", old.durable, new.durable)
            check("auto_delete", old.autoDelete, new.autoDelete)
            check("arguments", old.effectiveArguments, new.effectiveArguments)
            return (changes, true)
        case (.policy(let old), .policy(let new)):
            check("pattern", old.pattern, new.pattern)
            check("apply-to", old.applyTo, new.applyTo)
            check("priority", old.priority, new.priority)
            check("definition", old.definition, new.definition)
        case (.user(let old), .user(let new)):
            check("tags", old.tags.sorted().joined(separator: ","), new.tags.sorted().joined(separator: ","))
        case (.permission(let old), .permission(let new)):
            check("configure", old.configure, new.configure)
            check("write", old.write, new.write)
            check("read", old.read, new.read)
        case (.topicPermission(let old), .topicPermission(let new)):
            check("write", old.write, new.write)
            check("read", old.read, new.read)
        case (.binding, .binding):
            break  // a binding is its key
        default:
            changes.append(.init(field: "kind", live: "\(live)", desired: "\(desired)"))
            return (changes, true)
        }
        return (changes, false)
    }
}
