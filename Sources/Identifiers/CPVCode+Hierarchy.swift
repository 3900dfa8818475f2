/// The level of a CPV code in the tree, read from its trailing zeros (domain §1.3, "to confirm").
public enum CPVLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// `XX000000`, e.g. `45000000`.
    case division
    /// `XXX00000`, e.g. `45200000`.
    case group
    /// `XXXX0000`, e.g. `45210000`.
    case `class`
    /// `XXXXX000`, e.g. `45213000`.
    case category
    /// Any finer code, e.g. `45213100`.
    case subcategory
}

/// The procurement family a CPV division belongs to (domain §1.3): works = division 45; supplies ≈ 03–44 and
/// 48; services = 50–98.
public enum CPVFamily: String, Sendable, Hashable, Codable {
    /// Works (division 45).
    case works
    /// Supplies (divisions 03–44 and 48).
    case supplies
    /// Services (divisions 50–98).
    case services
}

extension CPVCode {
    /// The first two digits (`45`).
    public var division: String { String(digits.prefix(2)) }

    /// The digits without the trailing zeros, never shorter than the division (`45213000` → `45213`,
    /// `45000000` → `45`). Prefix matching uses these digits, never the check digit.
    public var significantDigits: String {
        var significant = Substring(digits)
        while significant.count > 2, significant.last == "0" {
            significant = significant.dropLast()
        }
        return String(significant)
    }

    /// The level by trailing zeros.
    public var level: CPVLevel {
        switch significantDigits.count {
        case 2: .division
        case 3: .group
        case 4: .class
        case 5: .category
        default: .subcategory
        }
    }

    /// Whether this code lies under `ancestor` (or is it): its digits start with the ancestor's significant
    /// digits. `45213000` is under `45000000`, `45200000` and `45210000`.
    public func hasPrefix(_ ancestor: CPVCode) -> Bool {
        digits.hasPrefix(ancestor.significantDigits)
    }

    /// Whether the digits start with `prefix` (digits only; a check digit or a hyphen never matches).
    public func hasPrefix(_ prefix: String) -> Bool {
        !prefix.isEmpty && prefix.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            && digits.hasPrefix(prefix)
    }

    /// The family of the division: works (45), services (50–98), otherwise supplies.
    public var family: CPVFamily {
        switch division {
        case "45": .works
        case "50"..."98": .services
        default: .supplies
        }
    }
}
