import HL7

/// The engine's few contacts with the HL7 codec that are not about one inbound message.
enum HL7Adapter {
    static func parse(_ bytes: [UInt8]) -> Result<InboundMessage, HL7ParseError> {
        do {
            return .success(InboundMessage(try HL7Message(bytes: bytes)))
        } catch {
            return .failure(error)
        }
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
