import DICOM
@testable import DICOMNetwork
import NIOCore
import TestSupport
import Testing

/// Hostile or broken peers get a reject or an abort and a closed connection, and the server lives on.
@Suite struct BadAssociationTests {
    static func request(called: String = "RADBRIDGE", abstractSyntax: String = VerificationService.sopClassUID) -> [UInt8] {
        PDU.associateRequest(AssociateRequest(
            calledAETitle: called, callingAETitle: "HOSTILE",
            presentationContexts: [PresentationContextProposal(id: 1, abstractSyntax: abstractSyntax, transferSyntaxes: ["1.2.840.10008.1.2"])],
            userInformation: UserInformation(maximumLength: 16_384, implementationClassUID: "1.2.3"))).encoded()
    }

    func firstPDU(_ bytes: [UInt8]) throws -> PDU {
        guard let first = try pdus(bytes).first else { throw PDUError.malformed("no reply") }
        return first
    }

    func pdus(_ bytes: [UInt8]) throws -> [PDU] {
        var result: [PDU] = [], start = 0
        while bytes.count - start >= 6 {
            let length = Int(bytes[start + 2]) << 24 | Int(bytes[start + 3]) << 16 | Int(bytes[start + 4]) << 8 | Int(bytes[start + 5])
            result.append(try PDUParser.parse(Array(bytes[start..<min(bytes.count, start + 6 + length)])))
            start += 6 + length
        }
        return result
    }

    func stillAnswersEcho(_ server: TestServer) async throws {
        let association = try await DICOMAssociation.open(
            host: "127.0.0.1", port: server.port, callingAETitle: "CHECK", calledAETitle: "RADBRIDGE",
            proposals: DICOMAssociation.proposals([(VerificationService.sopClassUID, ["1.2.840.10008.1.2"])]), timeout: .seconds(5))
        #expect(try await association.echo() == .success)
        try await association.release()
    }

    @Test func unknownPDUTypeIsAborted() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let reply = try await RawClient.exchange(port: server.port, send: [[0x09, 0, 0, 0, 0, 2, 1, 2]])
        // Evt19 in Sta2 is AA-1 in PS3.8: an A-ABORT with service-user source.
        guard case .abort(let abort) = try firstPDU(reply.bytes) else { Issue.record("no abort"); return }
        #expect(abort.source == .serviceUser)
        try await stillAnswersEcho(server)
    }

    @Test func hugePDULengthIsAbortedWithoutBuffering() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let reply = try await RawClient.exchange(port: server.port, send: [[0x01, 0, 0x7F, 0xFF, 0xFF, 0xFF, 0, 1]])
        guard case .abort = try firstPDU(reply.bytes) else { Issue.record("no abort"); return }
        try await stillAnswersEcho(server)
    }

    @Test func dataBeforeAssociationIsAborted() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let pdata = PDU.dataTransfer([PresentationDataValue(contextID: 1, isCommand: true, isLast: true, bytes: [0, 0])]).encoded()
        let reply = try await RawClient.exchange(port: server.port, send: [pdata])
        guard case .abort = try firstPDU(reply.bytes) else { Issue.record("no abort"); return }
    }

    @Test func wrongCalledAETitleIsRejected() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let reply = try await RawClient.exchange(port: server.port, send: [Self.request(called: "SOMEONE")])
        guard case .associateReject(let reject) = try firstPDU(reply.bytes) else { Issue.record("not rejected"); return }
        #expect(reject.reason == AssociateReject.calledAETitleNotRecognized)
    }

    @Test func unsupportedContextsAreRefusedInTheAccept() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let reply = try await RawClient.exchange(port: server.port, send: [Self.request(abstractSyntax: "1.2.3.4.5.6")], waitSeconds: 5)
        guard case .associateAccept(let accept) = try firstPDU(reply.bytes) else { Issue.record("not accepted"); return }
        #expect(accept.presentationContexts.map(\.result) == [.abstractSyntaxNotSupported])
    }

    @Test func pDataOnAnUnacceptedContextIsAborted() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let pdata = PDU.dataTransfer([PresentationDataValue(contextID: 5, isCommand: true, isLast: true, bytes: [0, 0])]).encoded()
        let reply = try await RawClient.exchange(port: server.port, send: [Self.request(), pdata])
        let answers = try pdus(reply.bytes)
        guard answers.count == 2, case .associateAccept = answers[0], case .abort = answers[1] else {
            Issue.record("expected accept then abort, got \(answers)"); return
        }
    }

    @Test func silentPeerIsDroppedWhenARTIMExpires() async throws {
        let server = try await TestServer.start { $0.policy.artimTimeout = .milliseconds(300) }
        defer { Task { try await server.stop() } }
        let start = ContinuousClock.now
        let reply = try await RawClient.exchange(port: server.port, send: [], waitSeconds: 9)
        #expect(reply.closedByServer)
        // Generous bound for a loaded CI machine, still well under the 10 s the test servers use by default.
        #expect(ContinuousClock.now - start < .seconds(8))
    }

    @Test func associationLimitRejectsTransiently() async throws {
        let server = try await TestServer.start { $0.policy.maximumAssociations = 1 }
        defer { Task { try await server.stop() } }
        let first = try await DICOMAssociation.open(
            host: "127.0.0.1", port: server.port, callingAETitle: "FIRST", calledAETitle: "RADBRIDGE",
            proposals: DICOMAssociation.proposals([(VerificationService.sopClassUID, ["1.2.840.10008.1.2"])]), timeout: .seconds(5))
        let reply = try await RawClient.exchange(port: server.port, send: [Self.request()])
        guard case .associateReject(let reject) = try firstPDU(reply.bytes) else { Issue.record("not rejected"); return }
        #expect(reject.result == .transient)
        #expect(reject.reason == AssociateReject.localLimitExceeded)
        try await first.release()
        try await Task.sleep(for: .milliseconds(100))
        try await stillAnswersEcho(server)
    }

    /// Mutated association requests thrown at a live server: each gets an answer or a close, and
    /// the server still works afterwards.
    @Test func mutatedRequestsAgainstALiveServer() async throws {
        let server = try await TestServer.start { $0.policy.artimTimeout = .milliseconds(500) }
        defer { Task { try await server.stop() } }
        var generator = SplitMix64(seed: 42)
        let valid = Self.request()
        for _ in 0..<40 {
            var bytes = valid
            for _ in 0..<3 {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try await RawClient.exchange(port: server.port, send: [bytes], waitSeconds: 2)
        }
        try await stillAnswersEcho(server)
    }
}
