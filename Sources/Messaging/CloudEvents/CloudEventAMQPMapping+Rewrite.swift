extension CloudEventAMQPMapping {
    /// The same message with its CloudEvents headers under another binding's names: what a bridge does on each
    /// hop between the hub (``CloudEventsHeaderBinding/amqp``) and a partner on ``CloudEventsHeaderBinding/ce``.
    ///
    /// Every header under one of ``acceptedPrefixes`` whose name is a valid attribute name moves to
    /// `binding.prefix + name`, keeping its value and its place. The trace context ends up as the binding
    /// writes it: the unprefixed `traceparent` and `tracestate` stay where they are (a prefixed copy fills them
    /// in when they are missing), and ``CloudEventsHeaderBinding/ce`` also carries them as `ce-traceparent` and
    /// `ce-tracestate`; when both forms were present, the unprefixed value is the one kept, as on receipt.
    /// Every other header (`x-death`, `x-passerelle-*`, a prefixed header with an invalid name) and every AMQP
    /// property (`message_id`, `type`, `app_id`, `timestamp`, `correlation_id`, …) is left untouched.
    ///
    /// For a message that ``event(properties:body:)`` reads, the rewritten message reads as the same event.
    /// When two headers name the same attribute under different prefixes, the last one's value is kept (also
    /// as on receipt), at the first one's place.
    ///
    /// - Parameters:
    ///   - properties: The message's properties, headers included.
    ///   - binding: The binding to move the CloudEvents headers to.
    /// - Returns: The properties with the headers moved.
    public static func rewrite(_ properties: AMQPProperties, to binding: CloudEventsHeaderBinding) -> AMQPProperties {
        var entries: [AMQPTable.Entry] = []
        var prefixedTraceContext: [String: AMQPFieldValue] = [:]
        for entry in properties.headers {
            guard !Self.unprefixed.contains(entry.key), let name = Self.prefixedName(entry.key),
                CloudEvent.isValidAttributeName(name)
            else {
                entries.append(entry)
                continue
            }
            if Self.unprefixed.contains(name), entry.value.stringValue != nil {
                prefixedTraceContext[name] = entry.value
            } else {
                entries.append(AMQPTable.Entry(key: binding.prefix + name, value: entry.value))
            }
        }
        for name in Self.unprefixed.sorted() {
            let existing = properties.headers[name]
            guard let value = existing?.stringValue != nil ? existing : prefixedTraceContext[name] else { continue }
            if existing == nil {
                entries.append(AMQPTable.Entry(key: name, value: value))
            } else if existing?.stringValue == nil {
                // The unprefixed name holds something that is not trace context: keep the attribute prefixed.
                entries.append(AMQPTable.Entry(key: binding.prefix + name, value: value))
            }
            if binding.prefixesTraceContext {
                entries.append(AMQPTable.Entry(key: binding.prefix + name, value: value))
            }
        }
        var rewritten = properties
        rewritten.headers = AMQPTable(entries)
        return rewritten
    }
}
