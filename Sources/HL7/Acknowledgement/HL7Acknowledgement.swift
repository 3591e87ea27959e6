/// Builds ACK messages: the MSH swaps sender and receiver, MSA-2 carries the acknowledged
/// message's MSH-10, and each issue becomes an ERR segment (ERR-2/3/4 from v2.5 on, ERR-1 before).
public enum HL7Acknowledgement {
    /// What the receiving side calls itself when the message names no receiver.
    public static let defaultApplication = "RADBRIDGE"

    /// One acknowledgement with the given code.
    public static func make(
        for message: HL7Message, code: HL7AckCode, issues: [HL7Issue] = [], text: String? = nil,
        controlID: String? = nil, timestamp: String = HL7Timestamp.now()
    ) -> HL7Message {
        let h = message.header
        let version = h.version.isEmpty ? "2.5" : h.version
        var fields = HeaderFields(version: version, timestamp: timestamp)
        fields.sendingApplication = message.element(at: .msh(5))?.raw ?? ""
        fields.sendingFacility = message.element(at: .msh(6))?.raw ?? ""
        fields.receivingApplication = message.element(at: .msh(3))?.raw ?? ""
        fields.receivingFacility = message.element(at: .msh(4))?.raw ?? ""
        if fields.sendingApplication.isEmpty { fields.sendingApplication = defaultApplication }
        fields.trigger = h.triggerEvent
        fields.controlID = controlID ?? derivedControlID(h.controlID, code: code, timestamp: timestamp)
        fields.processingID = message.element(at: .msh(11))?.raw ?? "P"
        fields.characterSet = message.element(at: .msh(18))?.raw ?? ""
        return build(fields, delimiters: message.delimiters, code: code, acknowledged: h.controlID,
                     issues: issues, text: text)
    }

    /// The acknowledgements a receiver owes for a message whose processing ended with `outcome`
    /// (AA, AE or AR): one ACK in original mode; in enhanced mode (MSH-15 or MSH-16 valued) a commit
    /// ACK (CA/CE/CR) when MSH-15 asks for it, then, if the message was committed, an application
    /// ACK when MSH-16 asks for it. May be empty (both conditions NE).
    public static func responses(
        to message: HL7Message, outcome: HL7AckCode, issues: [HL7Issue] = [], timestamp: String = HL7Timestamp.now()
    ) -> [HL7Message] {
        let h = message.header
        let accept = HL7AckCondition(rawValue: h.acceptAcknowledgementType)
        let application = HL7AckCondition(rawValue: h.applicationAcknowledgementType)
        guard accept != nil || application != nil else {
            return [make(for: message, code: outcome, issues: issues, timestamp: timestamp)]
        }
        var acks: [HL7Message] = []
        let commit = outcome.commitCode
        if (accept ?? .AL).allows(success: commit == .CA) {
            acks.append(make(for: message, code: commit, issues: issues, timestamp: timestamp))
        }
        if commit == .CA, (application ?? .AL).allows(success: outcome == .AA) {
            acks.append(make(for: message, code: outcome, issues: issues, timestamp: timestamp))
        }
        return acks
    }

    /// A reject (AR) for bytes that could not be parsed: MSH-10 and the version are salvaged
    /// when the header is readable far enough, otherwise MSA-2 stays empty.
    public static func reject(
        unparseable bytes: [UInt8], error: HL7ParseError, timestamp: String = HL7Timestamp.now()
    ) -> HL7Message {
        let salvaged = SalvagedHeader(bytes)
        var fields = HeaderFields(version: salvaged.version ?? "2.5", timestamp: timestamp)
        fields.sendingApplication = defaultApplication
        fields.receivingApplication = salvaged.sendingApplication ?? ""
        fields.controlID = derivedControlID(salvaged.controlID ?? "", code: .AR, timestamp: timestamp)
        let issue = HL7Issue(error.errorCode, at: HL7ErrorLocation(segment: "MSH"), error.description)
        return build(fields, delimiters: .standard, code: .AR, acknowledged: salvaged.controlID ?? "",
                     issues: [issue], text: nil)
    }

    // MARK: Building

    struct HeaderFields {
        var sendingApplication = "", sendingFacility = "", receivingApplication = "", receivingFacility = ""
        var trigger = "", controlID = "", processingID = "P", characterSet = ""
        var version: String
        var timestamp: String
    }

    /// Assembled as bytes: every accepted message gets one, so this is on the hot path.
    private static func build(
        _ f: HeaderFields, delimiters d: HL7Delimiters, code: HL7AckCode, acknowledged: String,
        issues: [HL7Issue], text: String?
    ) -> HL7Message {
        var out: [UInt8] = []
        out.reserveCapacity(160 + issues.count * 120)
        func field(_ value: String) {
            out.append(d.field)
            out.append(contentsOf: value.utf8)
        }
        func escapedField(_ value: String) {
            out.append(d.field)
            appendEscaped(value, d, to: &out)
        }
        out.append(contentsOf: "MSH".utf8)
        out.append(d.field)
        out.append(contentsOf: d.encodingCharacters)
        for value in [f.sendingApplication, f.sendingFacility, f.receivingApplication, f.receivingFacility,
                      f.timestamp, ""] { field(value) }
        out.append(d.field)
        out.append(contentsOf: "ACK".utf8)
        if !f.trigger.isEmpty {
            out.append(d.component)
            appendEscaped(f.trigger, d, to: &out)
            out.append(d.component)
            out.append(contentsOf: "ACK".utf8)
        }
        escapedField(f.controlID)
        field(f.processingID)
        escapedField(f.version)
        if !f.characterSet.isEmpty {
            for value in ["", "", "", "", "", f.characterSet] { field(value) }
        }
        out.append(0x0D)
        let version = HL7Version(f.version)
        let modernERR = version.map { $0 >= .v2_5 } ?? true
        out.append(contentsOf: "MSA".utf8)
        field(code.rawValue)
        escapedField(acknowledged)
        // Before v2.5 ERR cannot carry a diagnostic text; MSA-3 (text message) does.
        if !modernERR, let text = text ?? issues.first?.text, !text.isEmpty { escapedField(text) }
        out.append(0x0D)
        for issue in issues {
            out.append(contentsOf: errSegment(issue, delimiters: d, modern: modernERR).utf8)
            out.append(0x0D)
        }
        // Built from escaped parts and the original delimiters, so it always parses.
        return try! HL7Message(storage: out)
    }

    private static func appendEscaped(_ text: String, _ d: HL7Delimiters, to out: inout [UInt8]) {
        let bytes = Array(text.utf8)
        if !bytes.contains(where: { d.isDelimiter($0) || $0 == 0x0A || $0 == 0x0D }) {
            out.append(contentsOf: bytes)
        } else {
            out.append(contentsOf: escaped(text, d).utf8)
        }
    }

    private static func errSegment(_ issue: HL7Issue, delimiters d: HL7Delimiters, modern: Bool) -> String {
        let fs = String(UnicodeScalar(d.field))
        let cs = String(UnicodeScalar(d.component))
        let ss = d.subcomponent.map { String(UnicodeScalar($0)) } ?? cs
        let loc = issue.location
        func n(_ v: Int?) -> String { v.map(String.init) ?? "" }
        let codeText = escaped(issue.code.text, d)
        if modern {
            let erl = loc.map { [escaped($0.segment, d), String($0.occurrence), n($0.field), n($0.field == nil ? nil : $0.repetition ?? 1),
                                 n($0.component), n($0.subcomponent)] } ?? []
            let erlText = trimTrailing(erl).joined(separator: cs)
            let cwe = [String(issue.code.rawValue), codeText, "HL70357"].joined(separator: cs)
            return ["ERR", "", erlText, cwe, issue.severity.rawValue, "", "", "", escaped(issue.text, d)].joined(separator: fs)
        }
        let ce = [String(issue.code.rawValue), codeText, "HL70357"].joined(separator: ss)
        let eld = [loc.map { escaped($0.segment, d) } ?? "", n(loc?.occurrence), n(loc?.field), ce].joined(separator: cs)
        return ["ERR", eld].joined(separator: fs)
    }

    private static func trimTrailing(_ parts: [String]) -> [String] {
        var p = parts
        while p.last == "" { p.removeLast() }
        return p
    }

    static func escaped(_ text: String, _ d: HL7Delimiters) -> String {
        guard let bytes = try? HL7Escaping.escape(Array(text.utf8), d) else {
            return String(text.unicodeScalars.filter { $0.isASCII && !d.isDelimiter(UInt8($0.value)) && $0.value >= 0x20 }.map(Character.init))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `ACK` + the acknowledged control ID keeps a re-sent ACK identical; within MSH-10's 20
    /// characters (the limit before v2.7).
    private static func derivedControlID(_ acknowledged: String, code: HL7AckCode, timestamp: String) -> String {
        let base = acknowledged.isEmpty ? String(timestamp.prefix(14)) : acknowledged
        return String(("A" + base).prefix(20))
    }
}

/// MSH fields read naively from bytes the parser refused, for the reject ACK.
struct SalvagedHeader {
    var sendingApplication: String?
    var controlID: String?
    var version: String?

    init(_ bytes: [UInt8]) {
        guard let start = bytes.firstRange(of: Array("MSH".utf8))?.lowerBound, start + 4 < bytes.count else { return }
        let fs = bytes[start + 3]
        let end = bytes[start...].firstIndex(where: { $0 == 0x0D || $0 == 0x0A }) ?? bytes.count
        let parts = bytes[start..<end].split(separator: fs, omittingEmptySubsequences: false)
        func field(_ n: Int) -> String? {
            guard n - 1 < parts.count else { return nil }
            let raw = parts[n - 1]
            guard !raw.isEmpty, raw.count <= 64, raw.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != fs }) else { return nil }
            let text = String(decoding: raw, as: UTF8.self)
            return text.split(separator: "^", omittingEmptySubsequences: false).first.map(String.init)
        }
        sendingApplication = field(3)
        controlID = field(10)
        version = field(12).flatMap { HL7Version($0) != nil ? $0 : nil }
    }
}
