// libFuzzer entry point for the HL7 decoder; built and run by scripts/fuzz-hl7.
import HL7

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let batch = try? HL7Batch(bytes: bytes) else {
        _ = HL7Acknowledgement.reject(unparseable: bytes, error: .empty)
        return 0
    }
    precondition(Array(batch.encoded()) == batch.encoded())
    for message in batch.messages {
        for segment in message.segments {
            for field in segment.fields {
                for repetition in field.children { for component in repetition.children { _ = component.children.map(\.value) } }
            }
        }
        let issues = HL7Validator.validate(message)
        _ = HL7Acknowledgement.responses(to: message, outcome: HL7AckCode.outcome(for: issues), issues: issues)
        _ = message.jsonTree()
        let again = try! HL7Message(bytes: message.encoded())
        precondition(again.encoded() == message.encoded(), "re-encoding is not stable")
    }
    return 0
}
