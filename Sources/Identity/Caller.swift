/// A person or an organisation whose identity was proven by a verified token: an agent of a public body
/// (`siren`), a company's staff (`siret`), or an operator of the hub (role `operator`).
///
/// Authorization decisions read this value only, never a request's body or query.
public struct Caller: Sendable, Hashable, Codable {
    /// The token's `sub`: unique per identity provider.
    public var subject: String
    /// The token's `email`, when the provider gives one.
    public var email: String?
    /// The platform roles (`buyer`, `opener`, `operator`, `auditor`…): kept by the platform, not by ProConnect.
    public var roles: Set<String>
    /// The SIREN of the public body the agent works for (9 digits).
    public var siren: String?
    /// The SIRET of the company (or of the agent's establishment, as ProConnect gives it).
    public var siret: String?

    public init(subject: String, email: String? = nil, roles: Set<String> = [], siren: String? = nil, siret: String? = nil) {
        self.subject = subject
        self.email = email
        self.roles = roles
        self.siren = siren
        self.siret = siret
    }

    /// The hub's operators see and do everything an agent may, on every body.
    public var isOperator: Bool { self.roles.contains(Role.operator) }

    /// The public body the caller acts for: the `siren` claim, or the SIRET's first nine digits for an agent.
    public var bodySIREN: String? {
        if let siren = self.siren { return siren }
        guard let siret = self.siret, siret.count == 14, self.roles.contains(where: Role.agentRoles.contains) else { return nil }
        return String(siret.prefix(9))
    }

    /// Whether the caller is an agent of the body with this SIREN (or an operator).
    ///
    /// - Parameter siren: A SIREN, or a SIRET whose first nine digits are the SIREN.
    public func actsFor(body siren: String) -> Bool {
        if self.isOperator { return true }
        guard let own = self.bodySIREN else { return false }
        return own == String(siren.prefix(9))
    }

    /// Whether the caller's token names this company's SIRET.
    public func isCompany(siret: String) -> Bool {
        self.siret == siret && self.siren == nil
    }

    /// Whether the token's e-mail is this address (case-insensitive).
    public func owns(email: String) -> Bool {
        guard let own = self.email else { return false }
        return own.lowercased() == email.lowercased()
    }

    /// The role names the platform gives.
    public enum Role {
        public static let `operator` = "operator"
        public static let auditor = "auditor"
        public static let buyer = "buyer"
        public static let opener = "opener"
        public static let administrator = "administrator"
        public static let company = "company"
        /// An adviser of a funder or partner of the support desk: receives matches by the token's e-mail.
        public static let expert = "expert"
        /// An agent of a funder who instructs aid applications (with the funder's `siren`).
        public static let instructor = "instructor"
        /// A line manager: approves the sign-ups of the agents whose manager e-mail is the token's.
        public static let manager = "manager"
        /// The HR/training service: the second step of a two-step approval chain.
        public static let trainingAdmin = "trainingAdmin"
        /// Plans training sessions: schedules, updates, confirms, cancels, records attendance.
        public static let organiser = "organiser"
        /// Gives a training session: sees its roster and records its attendance.
        public static let trainer = "trainer"
        /// Roles held by agents of a public body.
        public static let agentRoles: Set<String> = [buyer, opener, administrator, "agent"]
    }
}
