import Foundation

/// The engine's only contact with the HL7 codec.
/// PROVISIONAL: a minimal MSH reader until the HL7 target lands on main.
enum HL7Adapter {
    static func parse(_ bytes: [UInt8]) -> Result<InboundMessage, InboundRejection> {
        let text = String(decoding: bytes, as: UTF8.self)
        let segments = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map(String.init)
        guard let msh = segments.first, msh.hasPrefix("MSH"), msh.count > 8 else {
            return .failure(InboundRejection(code: 100, text: "message does not start with MSH", severity: .reject))
        }
        let fs = msh[msh.index(msh.startIndex, offsetBy: 3)]
        var fields = msh.split(separator: fs, omittingEmptySubsequences: false).map(String.init)
        fields.insert(String(fs), at: 1)
        func field(_ n: Int) -> String { n < fields.count ? fields[n] : "" }
        func first(_ s: String) -> String { String(s.split(separator: "^", omittingEmptySubsequences: false).first ?? "") }
        let controlID = field(10)
        guard !controlID.isEmpty else {
            return .failure(InboundRejection(code: 101, text: "MSH-10 is empty", severity: .reject))
        }
        var patientKey: String?
        if let pid = segments.first(where: { $0.hasPrefix("PID" + String(fs)) }) {
            let pf = pid.split(separator: fs, omittingEmptySubsequences: false).map(String.init)
            if pf.count > 3 {
                let cx = pf[3].split(separator: "~").first.map(String.init) ?? ""
                let parts = cx.split(separator: "^", omittingEmptySubsequences: false).map(String.init)
                if let id = parts.first, !id.isEmpty { patientKey = parts.count > 3 ? id + "^" + first(parts[3]) : id }
            }
        }
        let header = (app: field(3), facility: field(4), recvApp: field(5), recvFacility: field(6),
                      version: field(12), type: field(9))
        let acknowledger = Acknowledger { accepted, rejection in
            let code = accepted ? "AA" : (rejection?.severity == .reject ? "AR" : "AE")
            var out = "MSH|^~\\&|\(header.recvApp)|\(header.recvFacility)|\(header.app)|\(header.facility)|||ACK|A\(controlID)|P|\(header.version)\rMSA|\(code)|\(controlID)\r"
            if let rejection { out += "ERR||MSH|\(rejection.code)^^HL70357|E||||\(rejection.text)\r" }
            return Array(out.utf8)
        }
        return .success(InboundMessage(controlID: controlID, messageType: header.type, sendingApplication: first(header.app),
                                       sendingFacility: first(header.facility), patientKey: patientKey,
                                       rejection: nil, acknowledger: acknowledger))
    }

    static func reject(_ bytes: [UInt8], _ rejection: InboundRejection) -> [UInt8] {
        Array("MSH|^~\\&|RADBRIDGE||||||ACK||P|2.5\rMSA|AR|\rERR||MSH|\(rejection.code)^^HL70357|E||||\(rejection.text)\r".utf8)
    }

    static func replyAcknowledgement(_ bytes: [UInt8]) -> ReplyAcknowledgement? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let msa = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).first(where: { $0.hasPrefix("MSA") })
        else { return nil }
        let fields = msa.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count > 2 else { return nil }
        return ReplyAcknowledgement(code: fields[1], acknowledgedControlID: fields[2])
    }

    /// Segments split into fields (the segment name first), for display.
    static func segments(_ bytes: [UInt8]) -> [[String]] {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map { segment in
            segment.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
