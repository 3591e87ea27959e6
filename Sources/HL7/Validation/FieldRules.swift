/// Field-level rules for the radiology segments: required fields, timestamps, coded values.
enum FieldRules {
    /// Fields that must be valued whenever the segment is present.
    static let required: [String: [Int]] = [
        "MSH": [9, 10, 11, 12],
        "EVN": [2],
        "PID": [3, 5],
        "PV1": [2],
        "MRG": [1],
        "ORC": [1],
        "OBR": [4],
        "OBX": [3, 11],
        "MSA": [1, 2],
        "FT1": [4, 6, 7],
        "QPD": [1, 2],
        "RGS": [1],
        "AIS": [1, 3],
    ]

    /// Fields that became required in a later version (MSH-7 is optional before v2.5).
    static let requiredFrom: [String: [(field: Int, version: HL7Version)]] = [
        "MSH": [(7, .v2_5)],
    ]

    /// Fields whose first component is an HL7 DTM/TS timestamp.
    static let timestamps: [String: [Int]] = [
        "MSH": [7], "EVN": [2], "PID": [7], "ORC": [9], "OBR": [7, 22], "OBX": [14], "FT1": [4], "TQ1": [7, 8],
    ]

    /// Coded fields checked against their HL7 table.
    static let tables: [String: [Int: (table: String, values: Set<String>)]] = [
        "MSH": [
            15: ("0155", ["AL", "NE", "ER", "SU"]),
            16: ("0155", ["AL", "NE", "ER", "SU"]),
        ],
        "ORC": [1: ("0119", [
            "AF", "CA", "CH", "CN", "CR", "DC", "DE", "DF", "DR", "FU", "HD", "HR", "LI", "MC", "NA", "NW", "OC", "OD",
            "OE", "OF", "OH", "OK", "OP", "OR", "PA", "PR", "PY", "RE", "RF", "RL", "RO", "RP", "RQ", "RR", "RU", "SC",
            "SN", "SR", "SS", "UA", "UC", "UD", "UF", "UH", "UM", "UN", "UR", "UX", "XO", "XR", "XX",
        ])],
        "OBX": [
            2: ("0125", [
                "AD", "CE", "CF", "CK", "CN", "CNE", "CP", "CWE", "CX", "DR", "DT", "DTM", "ED", "FT", "ID", "IS", "MA",
                "MO", "NA", "NM", "PN", "RP", "SN", "ST", "TM", "TN", "TS", "TX", "XAD", "XCN", "XON", "XPN", "XTN",
            ]),
            11: ("0085", ["C", "D", "F", "I", "N", "O", "P", "R", "S", "U", "W", "X"]),
        ],
        "MSA": [1: ("0008", ["AA", "AE", "AR", "CA", "CE", "CR"])],
    ]

    static let processingIDs: Set<String> = ["P", "D", "T"]

    /// The rules above gathered per segment, by packed name: one lookup per segment of a message.
    static let bySegment: [UInt32: SegmentFieldRules] = {
        var rules: [UInt32: SegmentFieldRules] = [:]
        let names = Set(required.keys).union(requiredFrom.keys).union(timestamps.keys).union(tables.keys)
        for name in names {
            guard let packed = SegmentIndex.packName(name) else { continue }
            rules[packed] = SegmentFieldRules(
                name: name, required: required[name] ?? [], requiredFrom: requiredFrom[name] ?? [],
                timestamps: timestamps[name] ?? [],
                tables: (tables[name] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value.table, $0.value.values) })
        }
        return rules
    }()
}

/// What ``FieldRules`` asks of one segment.
struct SegmentFieldRules: Sendable {
    let name: String
    let required: [Int]
    let requiredFrom: [(field: Int, version: HL7Version)]
    let timestamps: [Int]
    let tables: [(field: Int, table: String, values: Set<String>)]
}
