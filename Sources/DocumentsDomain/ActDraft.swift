import ContractTypes

/// An act as submitted, before the rules of domain §3.5 accepted it.
public struct ActDraft: Sendable {
    /// A file of the act: its first bytes (the type comes from them) and its size.
    public struct File: Sendable {
        public let fileName: String
        public let head: [UInt8]
        public let sizeBytes: Int

        public init(fileName: String, head: [UInt8], sizeBytes: Int) {
            self.fileName = fileName
            self.head = Array(head.prefix(64))
            self.sizeBytes = sizeBytes
        }
    }

    public var numeroInterne: String
    public var decisionDate: CalendarDate
    public var natureCode: String
    public var matter: String
    public var classificationDate: CalendarDate
    public var object: String
    public var act: File
    public var annexes: [File]

    public init(
        numeroInterne: String, decisionDate: CalendarDate, natureCode: String, matter: String,
        classificationDate: CalendarDate, object: String, act: File, annexes: [File]
    ) {
        self.numeroInterne = numeroInterne
        self.decisionDate = decisionDate
        self.natureCode = natureCode
        self.matter = matter
        self.classificationDate = classificationDate
        self.object = object
        self.act = act
        self.annexes = annexes
    }
}

/// An act that passed every rule: typed parts, file kinds and the total size.
public struct ValidatedAct: Sendable {
    public let numero: NumeroInterne
    public let nature: ActNature
    public let matter: MatterPath
    public let actKind: FileKind
    public let annexKinds: [FileKind]
    public let totalSizeBytes: Int
}
