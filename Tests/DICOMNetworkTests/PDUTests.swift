import DICOM
@testable import DICOMNetwork
import NIOCore
import NIOEmbedded
import TestSupport
import Testing

@Suite struct PDUTests {
    static let request: AssociateRequest = {
        var user = UserInformation(maximumLength: 16_384, implementationClassUID: "1.2.3.4", implementationVersionName: "TEST_1")
        user.roleSelections = [RoleSelection(sopClassUID: "1.2.840.10008.5.1.4.1.1.2", scuRole: true, scpRole: true)]
        user.asynchronousOperations = (1, 1)
        return AssociateRequest(calledAETitle: "RADBRIDGE", callingAETitle: "MODALITY", presentationContexts: [
            PresentationContextProposal(id: 1, abstractSyntax: "1.2.840.10008.1.1", transferSyntaxes: ["1.2.840.10008.1.2"]),
            PresentationContextProposal(id: 3, abstractSyntax: "1.2.840.10008.5.1.4.1.1.2", transferSyntaxes: ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"]),
        ], userInformation: user)
    }()

    static var samples: [PDU] {
        [
            .associateRequest(request),
            .associateAccept(AssociateAccept(calledAETitle: "RADBRIDGE", callingAETitle: "MODALITY", presentationContexts: [
                PresentationContextResult(id: 1, result: .acceptance, transferSyntax: "1.2.840.10008.1.2"),
                PresentationContextResult(id: 3, result: .abstractSyntaxNotSupported, transferSyntax: "1.2.840.10008.1.2.1"),
            ], userInformation: UserInformation(maximumLength: 0, implementationClassUID: "1.2.3.5"))),
            .associateReject(AssociateReject(result: .permanent, source: .serviceUser, reason: AssociateReject.calledAETitleNotRecognized)),
            .dataTransfer([PresentationDataValue(contextID: 1, isCommand: true, isLast: true, bytes: [1, 2, 3, 4]),
                           PresentationDataValue(contextID: 3, isCommand: false, isLast: false, bytes: [])]),
            .releaseRequest, .releaseResponse,
            .abort(Abort(source: .serviceProvider, reason: Abort.unexpectedPDU)),
        ]
    }

    @Test(arguments: samples)
    func roundTrip(pdu: PDU) throws {
        #expect(try PDUParser.parse(pdu.encoded()) == pdu)
    }

    @Test func wireLayoutOfReleaseAndAbort() {
        #expect(PDU.releaseRequest.encoded() == [0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0])
        #expect(PDU.abort(Abort(source: .serviceProvider, reason: 2)).encoded() == [0x07, 0, 0, 0, 0, 4, 0, 0, 2, 2])
    }

    @Test func aeTitlesArePaddedTo16Bytes() {
        let bytes = PDU.associateRequest(Self.request).encoded()
        #expect(Array(bytes[10..<26]) == Array("RADBRIDGE       ".utf8))
        #expect(Array(bytes[26..<42]) == Array("MODALITY        ".utf8))
    }

    @Test func decoderFramesPDUsSplitAcrossReads() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(PDUDecoder(maximumLength: 65_536)))
        let bytes = PDU.associateRequest(Self.request).encoded() + PDU.releaseRequest.encoded()
        for byte in bytes { try channel.writeInbound(ByteBuffer(bytes: [byte])) }
        #expect(try channel.readInbound(as: PDU.self) == .associateRequest(Self.request))
        #expect(try channel.readInbound(as: PDU.self) == .releaseRequest)
        #expect(try channel.readInbound(as: PDU.self) == nil)
        _ = try channel.finish()
    }

    @Test func decoderRefusesAHugeLengthBeforeBuffering() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(PDUDecoder(maximumLength: 65_536)))
        #expect(throws: PDUError.tooLarge(length: 0xFFFF_FFF0, limit: 65_536)) {
            try channel.writeInbound(ByteBuffer(bytes: [0x04, 0, 0xFF, 0xFF, 0xFF, 0xF0, 0, 0]))
        }
        _ = try? channel.finish()
    }

    @Test func malformedPDUsAreErrors() {
        #expect(throws: PDUError.unrecognizedType(0x09)) { try PDUParser.parse([0x09, 0, 0, 0, 0, 0]) }
        #expect(throws: PDUError.self) { try PDUParser.parse([0x04, 0, 0, 0, 0, 6, 0, 0, 0, 9, 1, 3]) }  // PDV length past end
        #expect(throws: PDUError.self) { try PDUParser.parse([0x04, 0, 0, 0, 0, 6, 0, 0, 0, 2, 2, 3]) }  // even context ID
        #expect(throws: PDUError.self) { try PDUParser.parse([0x01, 0, 0, 0, 0, 2, 0, 1]) }  // truncated RQ
    }

    /// Seeded random mutations of valid PDUs: the parser returns a PDU or a PDUError, never traps.
    @Test func mutationFuzz() {
        var generator = SplitMix64(seed: 0xD1C0_0F00)
        let seeds = Self.samples.map { $0.encoded() }
        var parsed = 0, refused = 0
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                guard !bytes.isEmpty else { break }
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...16, using: &generator)))
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
            }
            do { _ = try PDUParser.parse(bytes); parsed += 1 } catch is PDUError { refused += 1 } catch { Issue.record("unexpected error \(error)") }
        }
        #expect(parsed + refused == 20_000)
        #expect(refused > 10_000)
    }
}

