import DICOM
import DICOMNetwork
import Engine
import Foundation
import HL7
import Store
import Testing
import Workflow

/// An MPPS step is answered Success only once its workflow event is stored: when the store fails,
/// the SCU gets Processing Failure (0110) and the step is as it was, so a retry works.
@Suite struct ProcedureStepDurabilityTests {
    /// A log whose appends fail while `failing` is set.
    actor FlakyLog: WorkflowEventLog {
        let stored = InMemoryWorkflowEventLog()
        var failing = false

        struct Down: Error {}

        func fail(_ on: Bool) { failing = on }

        func append(sequence: Int64, _ event: WorkflowEvent, outputs: [WorkflowOutput],
                    inbound: NewJournalEntry?) async throws -> JournalAppendResult? {
            if failing { throw Down() }
            return try await stored.append(sequence: sequence, event, outputs: outputs, inbound: inbound)
        }

        func events() async throws -> [(sequence: Int64, event: WorkflowEvent)] { try await stored.events() }
    }

    static func step(_ association: DICOMAssociation, _ command: CommandField, uid: String, status: String) async throws -> DIMSEStatus {
        let context = try #require(association.context(for: ProcedureStepService.sopClassUID))
        var attributes = DataSet()
        attributes.set(ProcedureStepService.performedProcedureStepStatus, .CS, status)
        if command == .nCreateRequest {
            var scheduled = DataSet()
            scheduled.set(.studyInstanceUID, .UI, ScheduledWorkflowDICOMTests.studyUID)
            scheduled.set(.accessionNumber, .SH, "ACC20261122001")
            attributes.set(Tag(0x0040, 0x0270), items: [scheduled])
        }
        let request = DIMSEMessage.request(command, contextID: context.id, messageID: association.nextMessageID(),
                                           sopClassUID: ProcedureStepService.sopClassUID, sopInstanceUID: uid,
                                           requested: command == .nSetRequest,
                                           dataSet: try attributes.encoded(transferSyntax: .explicitVRLittleEndian))
        return try await association.send(request).last?.status ?? .success
    }

    @Test func aStepWhoseEventIsNotStoredIsRefusedAndUndone() async throws {
        let log = FlakyLog()
        let service = try await WorkflowService(configuration: WorkflowConfiguration(), log: log)
        for file in ["adt_a04_register.hl7", "orm_o01_new_ge_zds.hl7"] {
            let message = try HL7Message(bytes: Array(Data(contentsOf: ScheduledWorkflowDICOMTests.fixtures.appendingPathComponent(file))))
            #expect(try await service.handle(message, at: "20261122084500")?["MSA-1"] == "AA")
        }
        let server = DICOMServer(configuration: DICOMServer.Configuration(host: "127.0.0.1", port: 0, aeTitle: "RADBRIDGE"),
                                 services: WorkflowDICOMServices.make(service))
        let port = try await server.start()
        defer { Task { try await server.stop() } }
        let association = try await DICOMAssociation.open(
            host: "127.0.0.1", port: port, callingAETitle: "CT1", calledAETitle: "RADBRIDGE",
            proposals: DICOMAssociation.proposals([(ProcedureStepService.sopClassUID, ["1.2.840.10008.1.2.1"])]))
        let uid = "1.2.826.0.1.3680043.10.999.77"

        await log.fail(true)
        #expect(try await Self.step(association, .nCreateRequest, uid: uid, status: "IN PROGRESS") == .processingFailure)
        #expect(await service.procedureSteps.status(of: uid) == nil)
        await log.fail(false)
        #expect(try await Self.step(association, .nCreateRequest, uid: uid, status: "IN PROGRESS") == .success)

        await log.fail(true)
        #expect(try await Self.step(association, .nSetRequest, uid: uid, status: "COMPLETED") == .processingFailure)
        #expect(await service.procedureSteps.status(of: uid) == "IN PROGRESS")
        await log.fail(false)
        #expect(try await Self.step(association, .nSetRequest, uid: uid, status: "COMPLETED") == .success)
        #expect(await service.procedureSteps.status(of: uid) == "COMPLETED")
        #expect(await service.state.order(accession: "ACC20261122001")?.state == .completed)
        try await association.release()
    }
}
