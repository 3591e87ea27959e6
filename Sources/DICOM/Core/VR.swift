/// Value representations of PS3.5 §6.2.
public enum VR: String, Sendable, CaseIterable {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV

    init?(bytes b0: UInt8, _ b1: UInt8) {
        guard (0x41...0x5A).contains(b0), (0x41...0x5A).contains(b1),
              let vr = Self.byCode[Int(b0 - 0x41) * 26 + Int(b1 - 0x41)] else { return nil }
        self = vr
    }

    /// Two upper-case letters → VR, as a flat table: this runs once per explicit VR element.
    private static let byCode: [VR?] = {
        var table = [VR?](repeating: nil, count: 26 * 26)
        for vr in VR.allCases {
            let code = Array(vr.rawValue.utf8)
            table[Int(code[0] - 0x41) * 26 + Int(code[1] - 0x41)] = vr
        }
        return table
    }()

    /// Explicit VR encodings give these a 2-byte reserved field and a 4-byte length.
    public var hasLongLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .UC, .UN, .UR, .UT, .SV, .UV: return true
        default: return false
        }
    }

    /// Size of one binary value, for byte swapping and value multiplicity; nil for text and bytes.
    public var binaryWidth: Int? {
        switch self {
        case .US, .SS, .OW: return 2
        case .UL, .SL, .FL, .OF, .OL: return 4
        case .FD, .OD, .OV, .SV, .UV: return 8
        case .AT: return 2  // two UInt16 halves, each swapped on its own
        default: return nil
        }
    }

    public var isText: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT: return true
        default: return false
        }
    }

    /// Text VRs whose bytes follow Specific Character Set (0008,0005); the others are ASCII.
    public var usesSpecificCharacterSet: Bool {
        switch self {
        case .SH, .LO, .ST, .LT, .PN, .UC, .UT: return true
        default: return false
        }
    }

    /// Text VRs that hold one value (a backslash is data, not a separator).
    public var isSingleValuedText: Bool {
        switch self {
        case .LT, .ST, .UT, .UR: return true
        default: return false
        }
    }

    /// Padding to even length: NUL for UI and binary values, space for text.
    public var paddingByte: UInt8 { (self == .UI || !isText) ? 0x00 : 0x20 }
}
