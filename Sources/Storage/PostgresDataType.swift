/// A PostgreSQL type, identified by its OID (`pg_type.oid`).
///
/// Only built-in types have stable OIDs; the constants below are the ones this layer encodes or decodes.
public struct PostgresDataType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The type's OID.
    public var rawValue: UInt32

    /// Creates a type from its OID.
    ///
    /// - Parameter rawValue: The OID, for example `25` for `text`.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Creates a type from its OID.
    ///
    /// - Parameter rawValue: The OID, for example `25` for `text`.
    public init(_ rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// OID 0: let the server infer the parameter's type from its context.
    public static var unspecified: Self { Self(0) }
    public static var bool: Self { Self(16) }
    public static var bytea: Self { Self(17) }
    /// `"char"`, the one-byte internal type.
    public static var char: Self { Self(18) }
    /// `name`, the 63-byte identifier type of the catalogs.
    public static var name: Self { Self(19) }
    /// `int8` (`bigint`).
    public static var int8: Self { Self(20) }
    /// `int2` (`smallint`).
    public static var int2: Self { Self(21) }
    /// `int4` (`integer`).
    public static var int4: Self { Self(23) }
    public static var text: Self { Self(25) }
    public static var oid: Self { Self(26) }
    public static var json: Self { Self(114) }
    /// `float4` (`real`).
    public static var float4: Self { Self(700) }
    /// `float8` (`double precision`).
    public static var float8: Self { Self(701) }
    /// `unknown`, the type of an untyped literal.
    public static var unknown: Self { Self(705) }
    /// `bpchar` (`character(n)`).
    public static var bpchar: Self { Self(1042) }
    /// `varchar` (`character varying`).
    public static var varchar: Self { Self(1043) }
    public static var date: Self { Self(1082) }
    /// `timestamp` (without time zone).
    public static var timestamp: Self { Self(1114) }
    /// `timestamptz` (`timestamp with time zone`).
    public static var timestamptz: Self { Self(1184) }
    public static var numeric: Self { Self(1700) }
    public static var uuid: Self { Self(2950) }
    public static var jsonb: Self { Self(3802) }
    /// `bool[]`.
    public static var boolArray: Self { Self(1000) }
    /// `int2[]`.
    public static var int2Array: Self { Self(1005) }
    /// `int4[]`.
    public static var int4Array: Self { Self(1007) }
    /// `text[]`.
    public static var textArray: Self { Self(1009) }
    /// `bpchar[]`.
    public static var bpcharArray: Self { Self(1014) }
    /// `varchar[]`.
    public static var varcharArray: Self { Self(1015) }
    /// `int8[]`.
    public static var int8Array: Self { Self(1016) }
    /// `float4[]`.
    public static var float4Array: Self { Self(1021) }
    /// `float8[]`.
    public static var float8Array: Self { Self(1022) }
    /// `uuid[]`.
    public static var uuidArray: Self { Self(2951) }

    private static let names: [UInt32: String] = [
        0: "unspecified", 16: "bool", 17: "bytea", 18: "char", 19: "name", 20: "int8", 21: "int2", 23: "int4",
        25: "text", 26: "oid", 114: "json", 700: "float4", 701: "float8", 705: "unknown", 1042: "bpchar",
        1043: "varchar", 1082: "date", 1083: "time", 1114: "timestamp", 1184: "timestamptz", 1186: "interval",
        1700: "numeric", 2950: "uuid", 3802: "jsonb", 1000: "bool[]", 1001: "bytea[]", 1005: "int2[]",
        1007: "int4[]", 1009: "text[]", 1014: "bpchar[]", 1015: "varchar[]", 1016: "int8[]", 1021: "float4[]",
        1022: "float8[]", 1115: "timestamp[]", 1182: "date[]", 1185: "timestamptz[]", 1231: "numeric[]",
        2951: "uuid[]", 199: "json[]", 3807: "jsonb[]", 869: "inet", 650: "cidr", 1266: "timetz",
    ]

    /// The type's name for the types this layer knows, otherwise `oid <number>`.
    public var description: String {
        Self.names[self.rawValue] ?? "oid \(self.rawValue)"
    }

    /// Whether the type holds text that decodes directly as a Swift `String`.
    var isTextual: Bool {
        [Self.text, .varchar, .bpchar, .name, .unknown].contains(self)
    }
}
