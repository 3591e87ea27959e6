import DICOM
import Engine
import Foundation
import TestSupport
import Testing

/// FHIR in, DICOM through, FHIR out: a ServiceRequest POSTed to the engine reaches the modality
/// worklist (DCMTK findscu), pynetdicom completes it with MPPS, the ServiceRequest shows the new
/// status, and after storescu stores an image the ImagingStudy shows it.
@Suite(.serialized) struct FHIRScheduledWorkflowTests {
    static let studyUID = "1.2.826.0.1.3680043.10.999.77.1"

    @Test func fhirOrderToWorklistToProcedureStepToImagingStudy() async throws {
        let engine = try await RunningEngine.start(dicom: true)
        defer { Task { await engine.stop() } }
        let dicomPort = try #require(engine.dicomPort)
        let fhir = FHIRClient(port: engine.httpPort)

        var request = FHIRAPITests.serviceRequest(accession: "FHIRACC100", mrn: "FHIR-MRN-1")
        request["identifier"] = (request["identifier"] as! [[String: Any]]) + [["system": "urn:dicom:uid", "value": "urn:oid:" + Self.studyUID]]
        let created = try await fhir.request("POST", "/fhir/ServiceRequest", json: request)
        #expect(created.status == 201, "\(created.diagnostics)")
        let id = try #require(created.json["id"] as? String)

        // The modality's worklist query finds it.
        let out = Paths.temporaryDirectory()
        let find = try await ExternalTool.run("/usr/bin/findscu", ["-W", "-aec", "RADBRIDGE", "-X", "-od", out.path,
            "-k", "PatientID", "-k", "PatientName", "-k", "AccessionNumber", "-k", "StudyInstanceUID", "-k", "RequestedProcedureCodeSequence",
            "-k", "ScheduledProcedureStepSequence[0].Modality=CT", "127.0.0.1", "\(dicomPort)"], environment: ["TCP_NODELAY": "1"])
        #expect(find.status == 0, "findscu: \(find.stderr)")
        let responses = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("rsp") }
        #expect(responses.count == 1)
        let item = try DICOMFile(bytes: Array(Data(contentsOf: out.appendingPathComponent(try #require(responses.first))))).dataSet
        #expect(item.string(.accessionNumber) == "FHIRACC100")
        #expect(item.string(.patientID) == "FHIR-MRN-1")
        #expect(item.string(.patientName) == "ROE^RICHARD")
        #expect(item.string(.studyInstanceUID) == Self.studyUID)
        #expect(item.items(Tag(0x0032, 0x1064)).first?.string(Tag(0x0008, 0x0100)) == "30799-1")
        let booked = try await fhir.get("/fhir/Appointment?based-on=ServiceRequest/\(id)")
        #expect(booked.matches.first?["status"] as? String == "booked")
        #expect(booked.matches.first?["start"] as? String != nil)

        // The modality performs the step.
        let script = """
        import sys
        from pydicom.dataset import Dataset
        from pynetdicom import AE
        from pynetdicom.sop_class import ModalityPerformedProcedureStep
        ae = AE(ae_title="CT1")
        ae.add_requested_context(ModalityPerformedProcedureStep)
        assoc = ae.associate("127.0.0.1", int(sys.argv[1]), ae_title="RADBRIDGE")
        assert assoc.is_established
        ds = Dataset(); ds.PerformedProcedureStepStatus = "IN PROGRESS"; ds.PatientID = "FHIR-MRN-1"
        step = Dataset(); step.StudyInstanceUID = sys.argv[2]; step.AccessionNumber = "FHIRACC100"
        ds.ScheduledStepAttributesSequence = [step]
        print(assoc.send_n_create(ds, ModalityPerformedProcedureStep, "1.2.826.0.1.3680043.10.999.77.9")[0].Status)
        done = Dataset(); done.PerformedProcedureStepStatus = "COMPLETED"
        print(assoc.send_n_set(done, ModalityPerformedProcedureStep, "1.2.826.0.1.3680043.10.999.77.9")[0].Status)
        assoc.release()
        """
        let mpps = try await ExternalTool.run(ExternalTool.python, ["-c", script, "\(dicomPort)", Self.studyUID])
        #expect(String(decoding: mpps.stdout, as: UTF8.self) == "0\n0\n", "\(mpps.stderr)")

        let completed = try await fhir.get("/fhir/ServiceRequest?identifier=FHIRACC100")
        #expect(completed.matches.first?["status"] as? String == "completed")
        #expect(try await fhir.get("/fhir/Appointment?based-on=ServiceRequest/\(id)").matches.first?["status"] as? String == "fulfilled")
        let ordered = try #require(try await fhir.get("/fhir/ImagingStudy?identifier=FHIRACC100").matches.first)
        #expect(ordered["status"] as? String == "registered")
        #expect(ordered["started"] as? String != nil)

        // The modality stores an image; the study is available with its series and instance.
        let image = try Self.image(sopInstanceUID: "1.2.826.0.1.3680043.10.999.77.2.1")
        let store = try await ExternalTool.run("/usr/bin/storescu", ["-aec", "RADBRIDGE", "127.0.0.1", "\(dicomPort)", image.url.path],
                                               environment: ["TCP_NODELAY": "1"])
        #expect(store.status == 0, "storescu: \(store.stderr)")
        let studies = try await fhir.get("/fhir/ImagingStudy?identifier=FHIRACC100&_include=ImagingStudy:patient")
        let study = try #require(studies.matches.first)
        #expect(study["id"] as? String == Self.studyUID)
        #expect(study["status"] as? String == "available")
        #expect(study["numberOfInstances"] as? Int == 1)
        let series = try #require((study["series"] as? [[String: Any]])?.first)
        #expect(series["uid"] as? String == image.seriesUID)
        #expect((series["instance"] as? [[String: Any]])?.first?["uid"] as? String == "1.2.826.0.1.3680043.10.999.77.2.1")
        #expect(try await fhir.get("/fhir/ImagingStudy?identifier=urn:dicom:uid%7Curn:oid:\(Self.studyUID)").matches.count == 1)
        #expect(try await fhir.get("/fhir/ImagingStudy/\(Self.studyUID)").json["status"] as? String == "available")
        #expect(try await fhir.validateAll() >= 8)
    }

    /// CT_small with the FHIR order's patient, accession and study UID.
    static func image(sopInstanceUID: String) throws -> (url: URL, seriesUID: String) {
        let fixture = Paths.repository.appendingPathComponent("Tests/Fixtures/dicom/CT_small.dcm")
        var file = try DICOMFile(bytes: [UInt8](Data(contentsOf: fixture)))
        file.dataSet.set(.patientID, .LO, "FHIR-MRN-1")
        file.dataSet.set(.accessionNumber, .SH, "FHIRACC100")
        file.dataSet.set(.studyInstanceUID, .UI, studyUID)
        file.dataSet.set(.sopInstanceUID, .UI, sopInstanceUID)
        let out = Paths.temporaryDirectory().appendingPathComponent("\(sopInstanceUID).dcm")
        try Data(try DICOMFile(dataSet: file.dataSet, transferSyntax: file.transferSyntax).encoded()).write(to: out)
        return (out, file.dataSet.string(.seriesInstanceUID) ?? "")
    }
}
