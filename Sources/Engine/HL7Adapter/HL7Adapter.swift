import HL7

/// The engine's few contacts with the HL7 codec that are not about one inbound message.
enum HL7Adapter {
    /// `policy` picks the validation for the sender the message names.
    static func parse(_ bytes: [UInt8], policy: (HL7Header) -> HL7ValidationPolicy = { _ in .strict }) -> Result<InboundMessage, HL7ParseError> {
        do {
            let message = try HL7Message(bytes: bytes)
            return .success(InboundMessage(message, policy: policy(message.header)))
        } catch {
            return .failure(error)
        }
    }

    /// A workflow response (ACK, ORR, RSP) with the validation warnings as ERR segments of severity W
    /// after its MSA and its own ERRs, formatted for the response's version and delimiters.
    static func adding(warnings: [HL7Issue], to response: HL7Message) -> HL7Message {
        guard !warnings.isEmpty, response.segment(named: "MSA") != nil else { return response }
        let errs = HL7Acknowledgement.make(for: response, code: .AA, issues: warnings).segments(named: "ERR")
        var out: [UInt8] = []
        var inserted = false
        let segments = response.segments.filter { !$0.isBlank }
        for (index, segment) in segments.enumerated() {
            out.append(contentsOf: segment.rawBytes)
            out.append(0x0D)
            let next = index + 1 < segments.count ? segments[index + 1].name : ""
            if !inserted, segment.name == "MSA" || segment.name == "ERR", next != "ERR" {
                for err in errs {
                    out.append(contentsOf: err.rawBytes)
                    out.append(0x0D)
                }
                inserted = true
            }
        }
        return (try? HL7Message(bytes: out)) ?? response
    }

    /// The AR for bytes that are not an HL7 message.
    static func reject(_ bytes: [UInt8], _ error: HL7ParseError) -> [UInt8] {
        HL7Acknowledgement.reject(unparseable: bytes, error: error).encoded()
    }

    /// The AR sent before closing a connection whose stream broke (no message to answer).
    static func reject(streamError text: String) -> [UInt8] {
        guard let placeholder = try? HL7Message("MSH|^~\\&|||||||ACK||P|2.5\r") else {
            return reject([], .truncatedHeader(text))
        }
        let issue = HL7Issue(.applicationInternalError, at: nil, text)
        return HL7Acknowledgement.make(for: placeholder, code: .AR, issues: [issue]).encoded()
    }

    /// MSA-1 and MSA-2 of a destination's reply.
    static func replyAcknowledgement(_ bytes: [UInt8]) -> ReplyAcknowledgement? {
        guard let reply = try? HL7Message(bytes: bytes), let code = reply["MSA-1"], !code.isEmpty else { return nil }
        return ReplyAcknowledgement(code: code, acknowledgedControlID: reply["MSA-2"] ?? "")
    }

    /// Segments split into fields (the segment name first), for display.
    static func segments(_ bytes: [UInt8]) -> [[String]] {
        guard let message = try? HL7Message(bytes: bytes) else { return [] }
        return message.segments.map { segment in [segment.name] + segment.fields.map(\.raw) }
    }
}
