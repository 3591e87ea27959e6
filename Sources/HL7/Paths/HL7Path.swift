/// A location in a message, in the notation operators use: `PID-3`, `PID-3[2].1`, `OBX[3]-5`,
/// `PID-5.1.1`. Segment occurrence and repetition are 1-based and default to 1; a path that stops
/// at the field or repetition addresses that whole element (`PID-3` is the field with all its
/// repetitions). A component path addresses the component's first subcomponent when it holds
/// subcomponents, as HAPI's Terser and python `hl7` read it (`PID-5.1` of `EVERYMAN&&&&Aniston`
/// is `EVERYMAN`); `PID-5.1.*` addresses the whole component.
///
/// Parse a path once and reuse it: `let mrn = try HL7Path("PID-3.1")`.
public struct HL7Path: Sendable, Hashable, CustomStringConvertible {
    public var segment: String
    public var occurrence: Int
    public var field: Int
    public var repetition: Int?
    public var component: Int?
    public var subcomponent: Int?
    /// `PID-5.1.*`: the component with all its subcomponents.
    public var wholeComponent: Bool
    let packedName: UInt32

    public init(segment: String, occurrence: Int = 1, field: Int, repetition: Int? = nil,
                component: Int? = nil, subcomponent: Int? = nil, wholeComponent: Bool = false) throws(HL7ParseError) {
        guard let packed = SegmentIndex.packName(segment), segment.utf8.allSatisfy(Self.isNameByte) else {
            throw .invalidPath("segment name '\(segment)' is not three letters or digits")
        }
        for (label, value) in [("occurrence", occurrence), ("field", field), ("repetition", repetition ?? 1),
                               ("component", component ?? 1), ("subcomponent", subcomponent ?? 1)] where value < 1 {
            throw .invalidPath("\(label) must be 1 or more, not \(value)")
        }
        if subcomponent != nil && component == nil {
            throw .invalidPath("a subcomponent needs a component")
        }
        if wholeComponent && (component == nil || subcomponent != nil) {
            throw .invalidPath("'.*' follows a component")
        }
        self.segment = segment
        self.occurrence = occurrence
        self.field = field
        self.repetition = repetition
        self.component = component
        self.subcomponent = subcomponent
        self.wholeComponent = wholeComponent
        self.packedName = packed
    }

    /// The same location with a component path taken whole (`PID-5.1` → `PID-5.1.*`).
    public var whole: HL7Path {
        var path = self
        path.wholeComponent = component != nil && subcomponent == nil
        return path
    }

    /// MSH field `n`, for the header accessors (no validation: the name is known to be good).
    static func msh(_ field: Int, repetition: Int? = nil, component: Int? = nil) -> HL7Path {
        HL7Path(trusted: "MSH", packed: HL7Segment.msh, field: field, repetition: repetition, component: component)
    }

    private init(trusted segment: String, packed: UInt32, field: Int, repetition: Int?, component: Int?) {
        self.segment = segment
        self.occurrence = 1
        self.field = field
        self.repetition = repetition
        self.component = component
        self.subcomponent = nil
        self.wholeComponent = false
        self.packedName = packed
    }

    public init(_ text: String) throws(HL7ParseError) {
        var scanner = PathScanner(text)
        let name = scanner.take(3)
        var occurrence = 1
        if scanner.peek == "[" { occurrence = try scanner.bracketed(in: text) }
        guard scanner.skip("-") else { throw .invalidPath("'\(text)': expected '-' and a field number after the segment") }
        let field = try scanner.number(in: text, what: "field")
        var repetition: Int? = nil
        if scanner.peek == "[" { repetition = try scanner.bracketed(in: text) }
        var component: Int? = nil
        var subcomponent: Int? = nil
        var wholeComponent = false
        if scanner.skip(".") { component = try scanner.number(in: text, what: "component") }
        if component != nil, scanner.skip(".") {
            if scanner.skip("*") {
                wholeComponent = true
            } else {
                subcomponent = try scanner.number(in: text, what: "subcomponent")
            }
        }
        guard scanner.atEnd else { throw .invalidPath("'\(text)': unexpected '\(scanner.rest)'") }
        try self.init(segment: name, occurrence: occurrence, field: field, repetition: repetition,
                      component: component, subcomponent: subcomponent, wholeComponent: wholeComponent)
    }

    public var description: String {
        var s = segment
        if occurrence != 1 { s += "[\(occurrence)]" }
        s += "-\(field)"
        if let repetition { s += "[\(repetition)]" }
        if let component { s += ".\(component)" }
        if let subcomponent { s += ".\(subcomponent)" }
        if wholeComponent { s += ".*" }
        return s
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A)
    }
}

private struct PathScanner {
    let chars: [Character]
    var i = 0
    init(_ text: String) { chars = Array(text) }

    var peek: Character? { i < chars.count ? chars[i] : nil }
    var atEnd: Bool { i >= chars.count }
    var rest: String { String(chars[i...]) }

    mutating func take(_ n: Int) -> String {
        let end = min(i + n, chars.count)
        defer { i = end }
        return String(chars[i..<end])
    }

    mutating func skip(_ c: Character) -> Bool {
        guard peek == c else { return false }
        i += 1
        return true
    }

    mutating func number(in text: String, what: String) throws(HL7ParseError) -> Int {
        var digits = ""
        while let c = peek, c.isASCII, c.isNumber { digits.append(c); i += 1 }
        guard !digits.isEmpty, digits.count <= 6, let n = Int(digits) else {
            throw .invalidPath("'\(text)': expected a \(what) number")
        }
        return n
    }

    mutating func bracketed(in text: String) throws(HL7ParseError) -> Int {
        _ = skip("[")
        let n = try number(in: text, what: "index")
        guard skip("]") else { throw .invalidPath("'\(text)': missing ']'") }
        return n
    }
}
