import HL7

/// A CE/CWE code: OBR-4 requested procedure → DICOM (0032,1064) Requested Procedure Code Sequence.
public struct CodedValue: Hashable, Sendable, Codable {
    public var code: String
    public var text: String
    public var codingScheme: String

    public init(code: String, text: String, codingScheme: String) {
        self.code = code
        self.text = text
        self.codingScheme = codingScheme
    }

    init(element: HL7Element?) {
        let first = element?.level == .field ? element?.child(1) : element
        func part(_ n: Int) -> String { first?.child(n)?.child(1)?.value ?? "" }
        self.init(code: part(1), text: part(2), codingScheme: part(3))
    }

    public var isEmpty: Bool { code.isEmpty && text.isEmpty }

    /// The same procedure: the same code in the same scheme when both are coded, else the same text.
    func names(_ other: CodedValue) -> Bool {
        code.isEmpty || other.code.isEmpty
            ? text.lowercased() == other.text.lowercased()
            : code == other.code && codingScheme == other.codingScheme
    }
}
