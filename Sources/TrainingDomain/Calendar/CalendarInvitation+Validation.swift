import Foundation

extension CalendarInvitation {
    /// Checks what ``render()`` assumes: a UID, a sequence of 0 or more, a summary, two mail addresses, and at least
    /// one slot, each ending after it starts and starting once the previous one has ended.
    ///
    /// - Throws: ``TrainingError`` with code `invalidField`, the field (`slots[1].end`) and the rule it breaks.
    public func validate() throws(TrainingError) {
        if self.uid.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw TrainingError(.invalidField, field: "uid", rule: "required", "the invitation needs a UID")
        }
        if self.sequence < 0 {
            throw TrainingError(
                .invalidField, field: "sequence", rule: "nonNegative", "the sequence is \(self.sequence), below 0")
        }
        if self.summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw TrainingError(.invalidField, field: "summary", rule: "required", "the invitation needs a summary")
        }
        for (field, person) in [("organizer", self.organizer), ("attendee", self.attendee)] {
            let parts = person.email.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 || parts.contains(where: \.isEmpty)
                || person.email.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
            {
                throw TrainingError(
                    .invalidField, field: "\(field).email", rule: "format",
                    "expected one address like name@domain without blanks, got \(person.email.debugDescription)")
            }
        }
        guard !self.slots.isEmpty else {
            throw TrainingError(.invalidField, field: "slots", rule: "required", "the invitation needs a slot")
        }
        for (index, slot) in self.slots.enumerated() {
            if slot.end <= slot.start {
                throw TrainingError(
                    .invalidField, field: "slots[\(index)].end", rule: "afterStart",
                    "slot \(index) ends at \(slot.end), not after its start \(slot.start)")
            }
            if index > 0, slot.start < self.slots[index - 1].end {
                throw TrainingError(
                    .invalidField, field: "slots[\(index)].start", rule: "inOrder",
                    "slot \(index) starts at \(slot.start), before slot \(index - 1) ends at "
                        + "\(self.slots[index - 1].end)")
            }
        }
    }
}
