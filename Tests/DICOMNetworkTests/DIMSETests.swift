import DICOM
@testable import DICOMNetwork
import Testing

@Suite struct DIMSETests {
    @Test func commandSetHasGroupLengthFirst() throws {
        let message = DIMSEMessage.request(.cEchoRequest, contextID: 1, messageID: 7, sopClassUID: VerificationService.sopClassUID)
        let bytes = try message.encodedCommand()
        #expect(Array(bytes[0..<8]) == [0, 0, 0, 0, 4, 0, 0, 0])
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect(length == bytes.count - 12)
        let decoded = try DataSet(decoding: bytes, transferSyntax: .implicitVRLittleEndian)
        #expect(decoded.uint16(.commandDataSetType) == DIMSEMessage.noDataSet)
        #expect(decoded.uint16(.messageID) == 7)
    }

    @Test func fragmentsRespectTheMaximumPDULengthAndReassemble() throws {
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        let message = DIMSEMessage.request(.cStoreRequest, contextID: 3, messageID: 1, sopClassUID: "1.2.840.10008.5.1.4.1.1.7",
                                           sopInstanceUID: "1.2.3", dataSet: payload)
        let pdus = try MessageFragmenter.pdus(for: message, maximumPDULength: 16_384)
        #expect(pdus.count == 1 + (100_000 + 16_377) / 16_378)
        var assembler = MessageAssembler()
        var result: DIMSEMessage?
        for pdu in pdus {
            let encoded = pdu.encoded()
            #expect(encoded.count - 6 <= 16_384)
            guard case .dataTransfer(let values) = pdu else { Issue.record("not P-DATA"); return }
            for value in values { if let message = try assembler.append(value) { result = message } }
        }
        #expect(result?.dataSet == payload)
        #expect(result?.affectedSOPInstanceUID == "1.2.3")
    }

    @Test func dataBeforeCommandIsRefused() {
        var assembler = MessageAssembler()
        #expect(throws: MessageAssembler.Failure.self) {
            try assembler.append(PresentationDataValue(contextID: 1, isCommand: false, isLast: true, bytes: [0, 0]))
        }
    }

    @Test func matcher() {
        let matcher = AttributeMatcher()
        #expect(matcher.matches(value: "DOE^JOHN", pattern: "DOE*", vr: .PN))
        #expect(matcher.matches(value: "DOE^JOHN", pattern: "D?E^*N", vr: .PN))
        #expect(!matcher.matches(value: "DOE^JOHN", pattern: "SMITH*", vr: .PN))
        #expect(matcher.matches(value: "20261123", pattern: "20261101-20261130", vr: .DA))
        #expect(!matcher.matches(value: "20261223", pattern: "20261101-20261130", vr: .DA))
        #expect(matcher.matches(value: "20261223", pattern: "20261101-", vr: .DA))
        #expect(matcher.matches(value: "1.2.3", pattern: "1.2.4\\1.2.3", vr: .UI))
        var query = DataSet()
        query.set(.patientID, .LO, "")
        var step = DataSet()
        step.set(.modality, .CS, "MR")
        query.set(.scheduledProcedureStepSequence, items: [step])
        let found = TestServer.worklist.filter { matcher.matches(query, $0) }
        #expect(found.map { $0.string(.patientID) } == ["PID3"])
        let response = matcher.response(query, found[0])
        #expect(response.string(.patientID) == "PID3")
        #expect(response[.patientName] == nil)
        #expect(response.items(.scheduledProcedureStepSequence).first?.string(.modality) == "MR")
    }
}
