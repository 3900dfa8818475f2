/// The master keys a service knows: the current one wraps new tender keys; older ones still unwrap the tender
/// keys they wrapped, until those are re-wrapped (master key rotation).
public struct TenderKeyRing: Sendable, CustomStringConvertible {
    /// The key that wraps new tender keys.
    public let current: MasterKey
    private let byID: [String: MasterKey]

    /// Creates a key ring.
    ///
    /// - Parameters:
    ///   - current: The key that wraps new tender keys.
    ///   - previous: Retired keys kept to unwrap what they wrapped.
    public init(current: MasterKey, previous: [MasterKey] = []) {
        self.current = current
        var byID: [String: MasterKey] = [:]
        for key in previous { byID[key.keyID] = key }
        byID[current.keyID] = current
        self.byID = byID
    }

    /// The key IDs the ring can unwrap, sorted.
    public var keyIDs: [String] { self.byID.keys.sorted() }

    /// Creates the data key of a new tender and wraps it with the current master key.
    ///
    /// - Returns: The key to use now and its wrapped form to store with the tender.
    /// - Throws: ``SealingError`` if the wrap fails (not expected with valid keys).
    public func newTenderKey() throws(SealingError) -> (key: TenderKey, wrapped: WrappedTenderKey) {
        let key = TenderKey.generate()
        return (key, try key.wrapped(with: self.current))
    }

    /// Unwraps a stored tender key with the master key its key ID names.
    ///
    /// - Parameter wrapped: The stored wrapped key.
    /// - Returns: The tender's data key.
    /// - Throws: ``SealingError`` with code ``SealingError/Code/wrongMasterKey`` when no key of the ring has
    ///   that ID, or ``SealingError/Code/corruptKey`` when the blob fails the integrity check.
    public func unwrap(_ wrapped: WrappedTenderKey) throws(SealingError) -> TenderKey {
        guard let masterKey = self.byID[wrapped.keyID] else {
            throw SealingError(.wrongMasterKey, operation: "unwrap tender key", keyID: wrapped.keyID)
        }
        return try TenderKey(unwrapping: wrapped, with: masterKey)
    }

    /// Re-wraps a stored tender key with the current master key (rotation); already current keys come back
    /// unchanged.
    ///
    /// - Parameter wrapped: The stored wrapped key.
    /// - Returns: The key wrapped by ``current``.
    /// - Throws: ``SealingError`` as ``unwrap(_:)``.
    public func rewrap(_ wrapped: WrappedTenderKey) throws(SealingError) -> WrappedTenderKey {
        guard wrapped.keyID != self.current.keyID else { return wrapped }
        return try self.unwrap(wrapped).wrapped(with: self.current)
    }

    /// `TenderKeyRing(current: …, keys: […])`: key IDs only.
    public var description: String {
        "TenderKeyRing(current: \(self.current.keyID), keys: [\(self.keyIDs.joined(separator: ", "))])"
    }
}
