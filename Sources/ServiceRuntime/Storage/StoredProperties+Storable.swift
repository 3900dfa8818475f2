public import Messaging

extension StoredProperties {
    /// The properties as they can be stored in `jsonb` (``StorableText``), and what had to change for that.
    ///
    /// Property strings and header names get U+0000 escaped and are cut to 255 bytes; header strings and
    /// byte arrays to 64 KiB; tables and arrays nested deeper than 16 levels are replaced by a note. Storable
    /// properties come back unchanged with no change (and so does the result, given again).
    ///
    /// - Returns: The properties, and one line per changed value (`header x-note: NUL escaped`), at most
    ///   ten, the last one counting the rest.
    public static func storable(_ properties: AMQPProperties) -> (properties: AMQPProperties, changes: [String]) {
        var notes = Notes()
        var p = properties
        func name(_ label: String, _ value: inout String?) {
            let (text, change) = StorableText.storable(value, limit: StorableText.maxNameBytes)
            value = text
            notes.add(label, change, limit: StorableText.maxNameBytes)
        }
        name("content_type", &p.contentType)
        name("content_encoding", &p.contentEncoding)
        name("correlation_id", &p.correlationID)
        name("reply_to", &p.replyTo)
        name("expiration", &p.expiration)
        name("message_id", &p.messageID)
        name("type", &p.type)
        name("user_id", &p.userID)
        name("app_id", &p.appID)
        name("cluster_id", &p.clusterID)
        p.headers = Self.storable(properties.headers, path: "header ", depth: 0, notes: &notes)
        return (p, notes.lines)
    }

    private static func storable(_ table: AMQPTable, path: String, depth: Int, notes: inout Notes) -> AMQPTable {
        var entries: [AMQPTable.Entry] = []
        var seen: Set<String> = []
        for entry in table {
            let (key, keyChange) = StorableText.storable(entry.key, limit: StorableText.maxNameBytes)
            let label = path + StorableText.label(key)
            guard seen.insert(key).inserted else {
                notes.add(label, .dropped, limit: StorableText.maxNameBytes)
                continue
            }
            var change = keyChange
            let value = Self.storable(entry.value, path: label, depth: depth, notes: &notes, change: &change)
            notes.add(label, change, limit: StorableText.maxValueBytes)
            entries.append(AMQPTable.Entry(key: key, value: value))
        }
        return AMQPTable(entries)
    }

    private static func storable(
        _ value: AMQPFieldValue, path: String, depth: Int, notes: inout Notes, change: inout StorableText.Change
    ) -> AMQPFieldValue {
        switch value {
        case .string(let text):
            let (result, textChange) = StorableText.storable(text, limit: StorableText.maxValueBytes)
            change.formUnion(textChange)
            return .string(result)
        case .bytes(let bytes) where bytes.count > StorableText.maxValueBytes:
            change.insert(.truncated)
            return .bytes(Array(bytes.prefix(StorableText.maxValueBytes)))
        case .array, .table:
            guard depth < StorableText.maxNesting else {
                change.insert(.nestingCut)
                return .string("<cut: nested deeper than \(StorableText.maxNesting) levels>")
            }
            if case .table(let table) = value {
                return .table(Self.storable(table, path: path + ".", depth: depth + 1, notes: &notes))
            }
            let values = value.arrayValue ?? []
            return .array(values.enumerated().map { index, element in
                var elementChange: StorableText.Change = []
                let label = "\(path)[\(index)]"
                let result = Self.storable(element, path: label, depth: depth + 1, notes: &notes, change: &elementChange)
                notes.add(label, elementChange, limit: StorableText.maxValueBytes)
                return result
            })
        default:
            return value
        }
    }
}

/// The change lines of one sanitising pass, capped.
private struct Notes {
    private(set) var all: [String] = []

    mutating func add(_ label: String, _ change: StorableText.Change, limit: Int) {
        guard !change.isEmpty else { return }
        self.all.append("\(label): \(change.describe(limit: limit))")
    }

    var lines: [String] {
        guard self.all.count > 10 else { return self.all }
        return Array(self.all.prefix(9)) + ["and \(self.all.count - 9) more"]
    }
}
