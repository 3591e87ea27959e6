import DICOM
import DICOMNetwork
import Foundation
import NIOCore
import Testing

/// Our SCU against our SCP over a real socket on 127.0.0.1.
@Suite struct LoopbackTests {
    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"
    static let explicitLE = TransferSyntax.explicitVRLittleEndian.uid
    static let implicitLE = TransferSyntax.implicitVRLittleEndian.uid

    func open(_ server: TestServer, _ syntaxes: [(String, [String])], maximumPDULength: UInt32 = 16_384) async throws -> DICOMAssociation {
        try await DICOMAssociation.open(host: "127.0.0.1", port: server.port, callingAETitle: "TESTSCU", calledAETitle: "RADBRIDGE",
                                        proposals: DICOMAssociation.proposals(syntaxes), maximumPDULength: maximumPDULength, timeout: .seconds(10))
    }

    @Test func echoStoreAndRelease() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let association = try await open(server, [(VerificationService.sopClassUID, [Self.implicitLE]), (Self.ctImage, [Self.implicitLE])])
        #expect(try await association.echo() == .success)
        let file = try DICOMFile(bytes: Fixtures.bytes("CT_small.dcm"))
        #expect(try await association.store(file) == .success)
        try await association.release()
        let stored = try #require(server.storedFiles.first)
        let received = try DICOMFile(bytes: [UInt8](Data(contentsOf: stored)))
        #expect(received.transferSyntax == .implicitVRLittleEndian)
        #expect(received.meta.string(.sourceApplicationEntityTitle) == "TESTSCU")
        #expect(received.dataSet.string(.sopInstanceUID) == file.dataSet.string(.sopInstanceUID))
        #expect(received.dataSet[.pixelData]?.bytes == file.dataSet[.pixelData]?.bytes)
        // The server counts the association until the requestor has closed the connection after A-RELEASE-RP.
        for _ in 0..<250 where server.server.openAssociations > 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(server.server.openAssociations == 0)
    }

    @Test func unsupportedSOPClassHasNoContext() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let association = try await open(server, [(VerificationService.sopClassUID, [Self.implicitLE]), ("1.2.840.10008.5.1.4.1.2.2.2", [Self.implicitLE])])
        #expect(association.contexts.count == 1)
        #expect(association.accept.presentationContexts.last?.result == .abstractSyntaxNotSupported)
        try await association.release()
    }

    @Test func worklistFindReturnsPendingMatches() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let association = try await open(server, [(FindService.modalityWorklist, [Self.explicitLE])])
        var query = DataSet()
        query.set(.patientName, .PN, "Doe*")
        query.set(.patientID, .LO, "")
        var step = DataSet()
        step.set(.modality, .CS, "CT")
        query.set(.scheduledProcedureStepSequence, items: [step])
        let (matches, status) = try await association.find(query, sopClassUID: FindService.modalityWorklist)
        #expect(status == .success)
        #expect(matches.map { $0.string(.patientID) ?? "" }.sorted() == ["PID1", "PID2"])
        try await association.release()
    }

    @Test func cancelStopsAFind() async throws {
        let slow = FindService(sopClassUIDs: ["1.2.840.10008.5.1.4.1.2.1.1"]) { _, _ in
            try await Task.sleep(for: .seconds(1))
            return (0..<500).map { index in var item = DataSet(); item.set(.patientID, .LO, "P\(index)"); return item }
        }
        let server = try await TestServer.start(extraServices: [slow])
        defer { Task { try await server.stop() } }
        let association = try await open(server, [(FindService.patientRoot, [Self.implicitLE])])
        let context = try #require(association.context(for: FindService.patientRoot))
        var query = DataSet()
        query.set(.patientID, .LO, "")
        let id = association.nextMessageID()
        let request = DIMSEMessage.request(.cFindRequest, contextID: context.id, messageID: id, sopClassUID: FindService.patientRoot,
                                           dataSet: try query.encoded(transferSyntax: .implicitVRLittleEndian))
        async let responses = association.send(request)
        try await Task.sleep(for: .milliseconds(50))
        try await association.cancel(messageID: id, contextID: context.id)
        let all = try await responses
        #expect(all.last?.status == .cancel)
        #expect(all.count < 501)
        try await association.release()
    }

    @Test func procedureStepCreateThenSet() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let association = try await open(server, [(ProcedureStepService.sopClassUID, [Self.implicitLE])])
        let context = try #require(association.context(for: ProcedureStepService.sopClassUID))
        var attributes = DataSet()
        attributes.set(ProcedureStepService.performedProcedureStepStatus, .CS, "IN PROGRESS")
        attributes.set(.patientID, .LO, "PID1")
        let create = DIMSEMessage.request(.nCreateRequest, contextID: context.id, messageID: association.nextMessageID(),
                                          sopClassUID: ProcedureStepService.sopClassUID, sopInstanceUID: "1.2.826.0.1.99.1",
                                          dataSet: try attributes.encoded(transferSyntax: .implicitVRLittleEndian))
        #expect(try await association.send(create).last?.status == .success)
        #expect(try await association.send(create.withMessageID(association.nextMessageID())).last?.status == .duplicateSOPInstance)

        var changes = DataSet()
        changes.set(ProcedureStepService.performedProcedureStepStatus, .CS, "COMPLETED")
        let encodedChanges = try changes.encoded(transferSyntax: .implicitVRLittleEndian)
        let set = DIMSEMessage.request(.nSetRequest, contextID: context.id, messageID: association.nextMessageID(),
                                       sopClassUID: ProcedureStepService.sopClassUID, sopInstanceUID: "1.2.826.0.1.99.1",
                                       requested: true, dataSet: encodedChanges)
        #expect(try await association.send(set).last?.status == .success)
        #expect(await server.procedureSteps.status(of: "1.2.826.0.1.99.1") == "COMPLETED")
        // Completed steps are final; unknown instances do not exist.
        #expect(try await association.send(set.withMessageID(association.nextMessageID())).last?.status == .processingFailure)
        let unknown = DIMSEMessage.request(.nSetRequest, contextID: context.id, messageID: association.nextMessageID(),
                                           sopClassUID: ProcedureStepService.sopClassUID, sopInstanceUID: "1.2.9.9",
                                           requested: true, dataSet: encodedChanges)
        #expect(try await association.send(unknown).last?.status == .noSuchSOPInstance)
        try await association.release()
    }
}

extension DIMSEMessage {
    func withMessageID(_ id: UInt16) -> DIMSEMessage {
        var copy = self
        copy.command.set(.messageID, uint16: id)
        return copy
    }
}
