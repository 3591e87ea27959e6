import Foundation
import Testing
@testable import HL7

/// Input that must be refused with a clear error: either the parser refuses it, or validation
/// finds an error and the ACK is a NAK.
@Suite struct MalformedInputTests {
    @Test(arguments: [
        ("binary_junk.hl7", "no MSH segment"),
        ("no_msh.hl7", "no MSH segment"),
        ("truncated_msh.hl7", "truncated MSH segment"),
    ])
    func parserRefuses(file: String, expected: String) {
        do {
            _ = try HL7Batch(bytes: Fixtures.bytes("malformed/" + file))
            Issue.record("\(file) was accepted")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error)")
        }
    }

    /// Segment and field offsets are 32-bit: a longer message is refused before it is scanned (it
    /// used to trap converting an offset past 2 GiB). The pages are never touched, so this costs no memory.
    @Test func aMessageLongerThanTheIndexCanAddressIsRefused() throws {
        let header = Array("MSH|^~\\&|A|B|C|D|20261122||ADT^A01|1|P|2.5.1\r".utf8)
        let length = HL7Message.maximumLength + 1
        let huge = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
            _ = buffer.initialize(from: header)
            count = length
        }
        let error = try #require(throws: HL7ParseError.self) { try HL7Message(bytes: huge) }
        #expect(error == .tooLong(limit: HL7Message.maximumLength))
        #expect(error.errorCode == .valueTooLong)
    }

    @Test(arguments: [
        ("missing_control_id.hl7", HL7ErrorCode.requiredFieldMissing, "MSH-10"),
        ("orm_without_obr4.hl7", .requiredFieldMissing, "OBR-4"),
        ("unterminated_escape.hl7", .dataTypeError, "PID-5"),
    ])
    func validationRefuses(file: String, code: HL7ErrorCode, location: String) throws {
        let message = try Fixtures.message("malformed/" + file)
        let issues = HL7Validator.validate(message)
        #expect(issues.contains { $0.code == code && $0.location?.description == location }, "\(issues)")
        #expect(HL7AckCode.outcome(for: issues) == .AE)
    }

    /// The public corpus' broken files: a clear error or a tolerant parse, never a crash.
    @Test func publicMalformedFilesNeverCrash() throws {
        let folders = [Fixtures.hl7.appendingPathComponent("public"), Fixtures.sharedPublic]
        let files = folders.flatMap(Fixtures.files(in:)).filter { $0.lastPathComponent.contains("MALFORMED") }
        #expect(files.count >= 6)
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            do {
                let batch = try HL7Batch(bytes: bytes)
                for message in batch.messages {
                    _ = HL7Validator.validate(message)
                    _ = message.jsonTree()
                }
            } catch {
                #expect(!error.description.isEmpty)
                let nak = HL7Acknowledgement.reject(unparseable: bytes, error: error)
                #expect(nak["MSA-1"] == "AR")
            }
        }
    }
}
