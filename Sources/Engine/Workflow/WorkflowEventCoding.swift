import Foundation
import Workflow

/// How workflow events are stored: an HL7 event (nearly all of them) as a tag byte, its time and
/// the message bytes as they are; any other event as JSON. JSON would base64 the message and cost
/// an encoder per message on the hot path and a decoder per event at every start.
enum WorkflowEventCoding {
    struct CodingError: Error, CustomStringConvertible {
        let description: String
    }

    /// Never the first byte of JSON (`{`).
    private static let hl7Tag: UInt8 = 0x01

    static func encode(_ event: WorkflowEvent) throws -> [UInt8] {
        if case .hl7(let bytes, let at) = event {
            var out: [UInt8] = [hl7Tag]
            out.reserveCapacity(bytes.count + at.utf8.count + 2)
            out += at.utf8
            out.append(0)
            out += bytes
            return out
        }
        return Array(try JSONEncoder().encode(event))
    }

    static func decode(_ stored: [UInt8]) throws -> WorkflowEvent {
        guard stored.first == hl7Tag else { return try JSONDecoder().decode(WorkflowEvent.self, from: Data(stored)) }
        guard let end = stored.dropFirst().firstIndex(of: 0) else {
            throw CodingError(description: "a stored HL7 event has no time")
        }
        return .hl7(bytes: Data(stored[(end + 1)...]), at: String(decoding: stored[1..<end], as: UTF8.self))
    }
}
