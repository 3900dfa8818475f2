/// Every figure domain.md marks "to confirm" or "design", in one configuration value with a ``default``.
///
/// Checked legal figures live here too so that the whole rule set can be replaced for a test or a change
/// in the law without touching the code that applies it.
public struct ProcurementRules: Sendable, Hashable {
    /// A minimum time limit and the article that sets it.
    public struct TimeLimit: Sendable, Hashable {
        /// Calendar days after the day the notice (or invitation) is sent.
        public var days: Int
        /// The article, e.g. `R2161-2`.
        public var rule: String

        /// Creates a time limit.
        public init(days: Int, rule: String) {
            self.days = days
            self.rule = rule
        }
    }

    /// Minimum time limits for receiving applications and tenders (domain §2.2).
    public struct TimeLimits: Sendable, Hashable {
        /// Open procedure: 35 days.
        public var open = TimeLimit(days: 35, rule: "R2161-2")
        /// Open procedure with electronic submission: 30 days.
        public var openElectronic = TimeLimit(days: 30, rule: "R2161-2")
        /// Open procedure with a prior information notice or urgency: 15 days.
        public var openReduced = TimeLimit(days: 15, rule: "R2161-3")
        /// Restricted (and negotiated) procedure, requests to participate: 30 days.
        public var applications = TimeLimit(days: 30, rule: "R2161-6")
        /// Requests to participate in urgency: 15 days (to confirm).
        public var applicationsUrgency = TimeLimit(days: 15, rule: "R2161-6")
        /// Restricted (and negotiated) procedure, tenders: 30 days from the invitation.
        public var restrictedTenders = TimeLimit(days: 30, rule: "R2161-8")
        /// Tenders with electronic submission: 25 days.
        public var restrictedTendersElectronic = TimeLimit(days: 25, rule: "R2161-8")
        /// Tenders with a prior information notice or urgency: 10 days (to confirm).
        public var restrictedTendersReduced = TimeLimit(days: 10, rule: "R2161-8")
        /// Adapted procedure: no minimum, but Passerelle warns below this many days (design).
        public var adaptedWarningDays = 20

        /// The values of domain §2.2.
        public init() {}
    }

    /// EU thresholds valid over a period (domain §2.1).
    public struct ThresholdPeriod: Sendable, Hashable {
        /// First day of validity.
        public var validFrom: CalendarDate
        /// Last day of validity.
        public var validThrough: CalendarDate
        /// Supplies and services, central government.
        public var centralSuppliesServices: AmountHT
        /// Supplies and services, local authorities.
        public var localSuppliesServices: AmountHT
        /// Supplies and services, utilities; defence and security.
        public var utilityAndDefenceSuppliesServices: AmountHT
        /// Works and concessions.
        public var works: AmountHT
        /// ACTES transmission of local-authority contracts (D2131-5-1; expected to follow the local
        /// supplies/services threshold, to confirm).
        public var actesTransmission: AmountHT

        /// Creates a period.
        public init(
            validFrom: CalendarDate, validThrough: CalendarDate, centralSuppliesServices: AmountHT,
            localSuppliesServices: AmountHT, utilityAndDefenceSuppliesServices: AmountHT, works: AmountHT,
            actesTransmission: AmountHT
        ) {
            self.validFrom = validFrom
            self.validThrough = validThrough
            self.centralSuppliesServices = centralSuppliesServices
            self.localSuppliesServices = localSuppliesServices
            self.utilityAndDefenceSuppliesServices = utilityAndDefenceSuppliesServices
            self.works = works
            self.actesTransmission = actesTransmission
        }

        /// Whether `date` is in the period.
        public func covers(_ date: CalendarDate) -> Bool { validFrom <= date && date <= validThrough }
    }

    /// An amount that applies from a date (inclusive) until a date (inclusive); `nil` bounds are open.
    public struct DatedAmount: Sendable, Hashable {
        /// First day, or `nil` for "since always".
        public var validFrom: CalendarDate?
        /// Last day, or `nil` for "until changed".
        public var validThrough: CalendarDate?
        /// The amount.
        public var amount: AmountHT
        /// The rule that sets it.
        public var rule: String

        /// Creates a dated amount.
        public init(validFrom: CalendarDate?, validThrough: CalendarDate?, amount: AmountHT, rule: String) {
            self.validFrom = validFrom
            self.validThrough = validThrough
            self.amount = amount
            self.rule = rule
        }

        /// Whether `date` is in the validity range.
        public func covers(_ date: CalendarDate) -> Bool {
            (validFrom.map { $0 <= date } ?? true) && (validThrough.map { date <= $0 } ?? true)
        }
    }

    /// Minimum time limits.
    public var timeLimits = TimeLimits()
    /// Answers go out at least this many days before the deadline (R2132-6).
    public var answersBeforeDeadlineDays = 6
    /// Same in urgency.
    public var answersBeforeDeadlineUrgencyDays = 4
    /// Default: questions close this many days before the deadline (design).
    public var questionsCloseBeforeDeadlineDays = 10
    /// After an amendment at least this many days must remain before the deadline (design).
    public var amendmentMinimumRemainingDays = 7
    /// ProZorro's option: an amendment invalidates deposited bids. Off by default (design).
    public var amendmentInvalidatesBids = false
    /// Standstill when the rejection letters are sent electronically (R2182-1).
    public var standstillDaysElectronic = 11
    /// Standstill when they are not (R2182-1).
    public var standstillDaysOther = 16
    /// Adapted procedures at or above this value are advertised in the BOAMP or a JAL.
    public var adaptedPublicityBOAMPOrJAL = AmountHT.euros(90_000)
    /// EU thresholds by period.
    public var thresholdPeriods: [ThresholdPeriod]
    /// Exemption from publicity and competition, works (strictly below: exempt).
    public var exemptionWorks: [DatedAmount]
    /// Exemption from publicity and competition, supplies and services.
    public var exemptionSuppliesServices: [DatedAmount]
    /// Electronic procedure on the buyer profile is mandatory at or above this value.
    public var electronicProcedure: [DatedAmount]

    /// Creates a rule set; every parameter defaults to the values of ``default``.
    public init(
        thresholdPeriods: [ThresholdPeriod] = ProcurementRules.defaultThresholdPeriods,
        exemptionWorks: [DatedAmount] = ProcurementRules.defaultExemptionWorks,
        exemptionSuppliesServices: [DatedAmount] = ProcurementRules.defaultExemptionSuppliesServices,
        electronicProcedure: [DatedAmount] = ProcurementRules.defaultElectronicProcedure
    ) {
        self.thresholdPeriods = thresholdPeriods
        self.exemptionWorks = exemptionWorks
        self.exemptionSuppliesServices = exemptionSuppliesServices
        self.electronicProcedure = electronicProcedure
    }

    /// The values of domain.md §2.1–§2.9.
    public static let `default` = ProcurementRules()
}
