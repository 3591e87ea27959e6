import DICOM
import DICOMNetwork
import Engine
import Foundation
import HL7
import TestSupport
import Testing
import Workflow

/// The worklist and MPPS over real sockets: DCMTK findscu queries the worklist built from HL7
/// orders, pynetdicom performs the procedure step, and the order and the RIS updates follow.
@Suite struct ScheduledWorkflowDICOMTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hl7")
    static let studyUID = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"

    struct Running {
        let service: WorkflowService
        let log: InMemoryWorkflowEventLog
        let server: DICOMServer
        let port: Int
    }

    static func start() async throws -> Running {
        let log = InMemoryWorkflowEventLog()
        let service = try await WorkflowService(configuration: WorkflowConfiguration(), log: log)
        for file in ["adt_a04_register.hl7", "orm_o01_new_ge_zds.hl7", "orm_o01_siemens_zsi.hl7"] {
            let message = try HL7Message(bytes: Array(Data(contentsOf: fixtures.appendingPathComponent(file))))
            #expect(try await service.handle(message, at: "20261122084500")?["MSA-1"] == "AA")
        }
        let server = DICOMServer(configuration: DICOMServer.Configuration(host: "127.0.0.1", port: 0, aeTitle: "RADBRIDGE"),
                                 services: [VerificationService()] + WorkflowDICOMServices.make(service))
        let port = try await server.start()
        return Running(service: service, log: log, server: server, port: port)
    }

    @Test func findscuGetsTheMappedWorklistItem() async throws {
        let running = try await Self.start()
        defer { Task { try await running.server.stop() } }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("mwl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let keys = ["PatientName", "PatientID", "IssuerOfPatientID", "PatientBirthDate", "AccessionNumber", "StudyInstanceUID",
                    "RequestedProcedureID", "RequestedProcedureDescription", "RequestedProcedureCodeSequence",
                    "ScheduledProcedureStepSequence[0].Modality=CT", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20261122",
                    "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepID",
                    "ScheduledProcedureStepSequence[0].ScheduledStationAETitle"].flatMap { ["-k", $0] }
        let result = try await ExternalTool.run("/usr/bin/findscu", ["-W", "-aec", "RADBRIDGE", "-X", "-od", out.path] + keys
                                                + ["127.0.0.1", "\(running.port)"], environment: ["TCP_NODELAY": "1"])
        #expect(result.status == 0, "findscu: \(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["rsp0001.dcm"])
        let item = try DICOMFile(bytes: Array(Data(contentsOf: out.appendingPathComponent(files[0])))).dataSet
        #expect(item.string(.patientID) == "MRN100234")
        #expect(item.string(.issuerOfPatientID) == "GENHOSP")
        #expect(item.string(.patientName) == "DOE^JANE^MARIE")
        #expect(item.string(.accessionNumber) == "ACC20261122001")
        #expect(item.string(.studyInstanceUID) == Self.studyUID)
        #expect(item.string(Tag(0x0040, 0x1001)) == "RP001")
        #expect(item.string(Tag(0x0032, 0x1060)) == "CT Chest with contrast")
        #expect(item.items(Tag(0x0032, 0x1064)).first?.string(Tag(0x0008, 0x0100)) == "CTCHESTC")
        let step = try #require(item.items(.scheduledProcedureStepSequence).first)
        #expect(step.string(.modality) == "CT")
        #expect(step.string(Tag(0x0040, 0x0009)) == "SPS001")
        #expect(step.string(Tag(0x0040, 0x0003)) == "093000")

        // The MR order is found by its own modality, and nothing for a modality without orders.
        let mr = try await ExternalTool.run("/usr/bin/findscu", ["-W", "-aec", "RADBRIDGE", "-k", "AccessionNumber", "-k",
                                                                 "ScheduledProcedureStepSequence[0].Modality=MR", "-X", "-od", out.path,
                                                                 "127.0.0.1", "\(running.port)"], environment: ["TCP_NODELAY": "1"])
        #expect(mr.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).count == 1)
    }

    @Test func pynetdicomProcedureStepMovesTheOrderAndTellsTheRIS() async throws {
        let running = try await Self.start()
        defer { Task { try await running.server.stop() } }
        let script = """
        import sys
        from pydicom.dataset import Dataset
        from pynetdicom import AE
        from pynetdicom.sop_class import ModalityPerformedProcedureStep
        ae = AE(ae_title="CT_NORTH_1")
        ae.add_requested_context(ModalityPerformedProcedureStep)
        assoc = ae.associate("127.0.0.1", int(sys.argv[1]), ae_title="RADBRIDGE")
        assert assoc.is_established
        ds = Dataset()
        ds.PerformedProcedureStepStatus = "IN PROGRESS"
        ds.PatientID = "MRN100234"
        step = Dataset(); step.StudyInstanceUID = sys.argv[2]; step.AccessionNumber = "ACC20261122001"; step.ScheduledProcedureStepID = "SPS001"
        ds.ScheduledStepAttributesSequence = [step]
        status, _ = assoc.send_n_create(ds, ModalityPerformedProcedureStep, "1.2.826.0.1.3680043.10.999.77")
        print("ncreate", status.Status)
        done = Dataset(); done.PerformedProcedureStepStatus = "COMPLETED"
        status, _ = assoc.send_n_set(done, ModalityPerformedProcedureStep, "1.2.826.0.1.3680043.10.999.77")
        print("nset", status.Status)
        assoc.release()
        """
        let result = try await ExternalTool.run(ExternalTool.python, ["-c", script, "\(running.port)", Self.studyUID])
        #expect(result.status == 0, "pynetdicom: \(result.stderr)")
        #expect(String(decoding: result.stdout, as: UTF8.self) == "ncreate 0\nnset 0\n")
        let order = try #require(await running.service.state.order(accession: "ACC20261122001"))
        #expect(order.state == .completed)
        #expect(order.history.suffix(2).map(\.cause.kind) == [.dicom, .dicom])
        let outputs = await running.log.outputs
        #expect(outputs.filter { $0.role == .status }.map { $0.message["ORC-5"] } == ["IP", "CM"])
        #expect(outputs.filter { $0.role == .charges }.count == 1)
        // The worklist no longer offers the performed step.
        #expect(await running.service.worklistItems(matching: WorklistQuery(accessionNumber: "ACC20261122001")).isEmpty)
    }
}
