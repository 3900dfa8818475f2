import Foundation

/// What an organiser plans for a session (domain §7.1), checked before anything is stored.
public struct SessionPlan: Sendable, Hashable, Codable {
    public struct Location: Sendable, Hashable, Codable {
        public var name: String
        public var communeInsee: String
        public init(name: String, communeInsee: String) {
            self.name = name
            self.communeInsee = communeInsee
        }
    }

    public struct Trainer: Sendable, Hashable, Codable {
        public var trainerId: String
        public var fullName: String
        public init(trainerId: String, fullName: String) {
            self.trainerId = trainerId
            self.fullName = fullName
        }
    }

    public var courseCode: String
    public var title: String
    public var datesKnown: Bool
    public var dates: [SessionDate]
    public var location: Location
    public var room: String?
    public var trainers: [Trainer]
    /// Seats; 0 is unlimited.
    public var capacity: Int
    public var minParticipants: Int
    public var allowWaitlist: Bool
    public var approval: ApprovalChain
    public var cancellationCutoffHours: Int
    /// Days before the start the reminder goes out; 0 turns it off.
    public var reminderDaysBefore: Int

    public init(
        courseCode: String, title: String, datesKnown: Bool, dates: [SessionDate], location: Location, room: String? = nil,
        trainers: [Trainer], capacity: Int, minParticipants: Int = 0, allowWaitlist: Bool = true, approval: ApprovalChain = .none,
        cancellationCutoffHours: Int = 48, reminderDaysBefore: Int = 3
    ) {
        self.courseCode = courseCode
        self.title = title
        self.datesKnown = datesKnown
        self.dates = dates.sorted { $0.start < $1.start }
        self.location = location
        self.room = room
        self.trainers = trainers
        self.capacity = capacity
        self.minParticipants = minParticipants
        self.allowWaitlist = allowWaitlist
        self.approval = approval
        self.cancellationCutoffHours = cancellationCutoffHours
        self.reminderDaysBefore = reminderDaysBefore
    }

    /// Every rule the plan breaks, each naming its field; empty when the plan holds.
    public func violations() -> [TrainingError] {
        var found: [TrainingError] = []
        func refuse(_ field: String, _ rule: String, _ message: String) {
            found.append(TrainingError(.invalidField, field: field, rule: rule, message))
        }
        if self.title.trimmingCharacters(in: .whitespaces).isEmpty || self.title.count > 300 {
            refuse("title", "1 to 300 characters", "the title is empty or too long")
        }
        if self.datesKnown && self.dates.isEmpty { refuse("dates", "at least one date when datesKnown", "no date given") }
        if self.dates.count > 20 { refuse("dates", "at most 20 dates", "\(self.dates.count) dates") }
        for (index, date) in self.dates.enumerated() {
            if date.end <= date.start { refuse("dates[\(index)].end", "after its start", "the date ends before it starts") }
            if date.end.timeIntervalSince(date.start) > 24 * 3600 { refuse("dates[\(index)].end", "within 24 hours of its start", "a date lasts more than a day") }
        }
        for index in self.dates.indices.dropFirst() where self.dates[index].start < self.dates[index - 1].end {
            refuse("dates[\(index)].start", "dates do not overlap each other", "two dates of the session overlap")
        }
        if !(0...10_000).contains(self.capacity) { refuse("capacity", "0 (unlimited) to 10000", "\(self.capacity)") }
        if !(0...10_000).contains(self.minParticipants) { refuse("minParticipants", "0 to 10000", "\(self.minParticipants)") }
        if self.capacity > 0 && self.minParticipants > self.capacity {
            refuse("minParticipants", "at most the capacity", "\(self.minParticipants) > \(self.capacity)")
        }
        if !(0...720).contains(self.cancellationCutoffHours) { refuse("cancellationCutoffHours", "0 to 720", "\(self.cancellationCutoffHours)") }
        if !(0...60).contains(self.reminderDaysBefore) { refuse("reminderDaysBefore", "0 (off) to 60", "\(self.reminderDaysBefore)") }
        if self.location.name.isEmpty { refuse("location.name", "required", "no place name") }
        if self.location.communeInsee.range(of: #"^(\d{5}|2[AB]\d{3})$"#, options: .regularExpression) == nil {
            refuse("location.communeInsee", "an INSEE commune code (5 characters)", "\(self.location.communeInsee)")
        }
        if self.trainers.isEmpty { refuse("trainers", "at least one trainer", "no trainer") }
        if Set(self.trainers.map(\.trainerId)).count != self.trainers.count { refuse("trainers", "each trainer once", "a trainer is listed twice") }
        return found
    }

    public var start: Date? { self.datesKnown ? self.dates.firstStart : nil }
    public var end: Date? { self.datesKnown ? self.dates.lastEnd : nil }
}
