import DICOM
import Engine
import Foundation
import TestSupport
import Testing

/// The scheduled workflow through `RadBridgeEngine` over real sockets: HL7 orders in by MLLP,
/// DCMTK findscu on the worklist, pynetdicom MPPS, status updates out to the python RIS sink.
@Suite(.serialized) struct ScheduledWorkflowEndToEndTests {
    static let studyUID = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"

    func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Paths.fixture(name), encoding: .utf8)
    }

    @Test func orderToWorklistToProcedureStepToRIS() async throws {
        let sink = try await PythonSink()
        defer { sink.stop() }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            destinations:
              ris: { mllp: "127.0.0.1:\(sink.port)", ackTimeout: 2, backoff: { initial: 0.05, max: 0.2 } }
            workflow:
              statusTo: [ris]
            """), dicom: true)
        defer { Task { await engine.stop() } }
        let dicomPort = try #require(engine.dicomPort)

        #expect(Messages.msa(try await engine.send(try fixture("adt_a04_register.hl7"))) == "MSA|CA|ADT0001")
        let orr = try await engine.send(try fixture("orm_o01_new_ge_zds.hl7"))
        #expect(orr.contains("ORR^O02"))
        #expect(orr.contains("\rORC|OK|PLC5001^EPIC|ACC20261122001^RADBRIDGE||SC"))
        // The same order again is a duplicate: acknowledged, not applied twice.
        #expect(Messages.msa(try await engine.send(try fixture("orm_o01_new_ge_zds.hl7"))) == "MSA|AA|ORM0001")
        // A second order for the same patient, then cancelled.
        var second = try fixture("orm_o01_new_ge_zds.hl7")
            .replacingOccurrences(of: "ACC20261122001", with: "ACC2").replacingOccurrences(of: "ORM0001", with: "ORM0009")
            .replacingOccurrences(of: "PLC5001", with: "PLC2").replacingOccurrences(of: "1732264700.1", with: "1732264700.2")
        #expect(try await engine.send(second).contains("\rORC|OK|"))
        second = second.replacingOccurrences(of: "ORC|NW", with: "ORC|CA").replacingOccurrences(of: "ORM0009", with: "ORM0010")
        #expect(try await engine.send(second).contains("\rORC|CR|"))

        // findscu sees the first order only, with the anchors mapped.
        let out = Paths.temporaryDirectory()
        let find = try await ExternalTool.run("/usr/bin/findscu", ["-W", "-aec", "RADBRIDGE", "-X", "-od", out.path,
            "-k", "PatientID", "-k", "AccessionNumber", "-k", "StudyInstanceUID",
            "-k", "ScheduledProcedureStepSequence[0].Modality=CT", "127.0.0.1", "\(dicomPort)"], environment: ["TCP_NODELAY": "1"])
        #expect(find.status == 0, "findscu: \(find.stderr)")
        let responses = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("rsp") }
        #expect(responses.count == 1)
        let dump = try await ExternalTool.run("/usr/bin/dcmdump", [out.appendingPathComponent(responses.first ?? "").path])
        let text = String(decoding: dump.stdout, as: UTF8.self)
        #expect(text.contains("[ACC20261122001]") && text.contains("[MRN100234]") && text.contains(Self.studyUID))

        // The modality performs the step.
        let mpps = try await ProcedureStepPeer.perform(port: dicomPort, studyUID: Self.studyUID, accession: "ACC20261122001", patientID: "MRN100234")
        #expect(String(decoding: mpps.stdout, as: UTF8.self) == "0\n0\n", "\(mpps.stderr)")

        // The RIS receives the status changes in order.
        #expect(try await sink.waitUntil { $0.received.count >= 2 })
        #expect(sink.received.map(\.patient) == ["MRN100234", "MRN100234"])
        let (_, orders) = try await engine.http("GET", "/api/orders?accession=ACC20261122001")
        let order = try #require((orders as? [[String: Any]])?.first)
        #expect(order["status"] as? String == "completed")
        let (_, statusMessages) = try await engine.http("GET", "/api/messages?status=outbound")
        let types = (statusMessages as? [[String: Any]])?.compactMap { $0["messageType"] as? String } ?? []
        #expect(types == ["ORM^O01", "ORM^O01"])
        let (_, worklist) = try await engine.http("GET", "/api/worklist?modality=CT")
        #expect((worklist as? [Any])?.isEmpty ?? false)

        // The images: one with the order's identifiers is filed with it, one with another patient
        // ID is quarantined; both are kept on disk.
        let good = try Self.image(patientID: "MRN100234", sopInstanceUID: "1.2.826.0.1.3680043.10.999.501")
        let wrong = try Self.image(patientID: "MRN999999", sopInstanceUID: "1.2.826.0.1.3680043.10.999.502")
        let store = try await ExternalTool.run("/usr/bin/storescu", ["-aec", "RADBRIDGE", "127.0.0.1", "\(dicomPort)", good.path, wrong.path],
                                               environment: ["TCP_NODELAY": "1"])
        #expect(store.status == 0, "storescu: \(store.stderr)")
        let (_, studies) = try await engine.http("GET", "/api/studies")
        let study = try #require((studies as? [[String: Any]])?.first)
        #expect(study["studyInstanceUID"] as? String == Self.studyUID)
        #expect(study["accessionNumber"] as? String == "ACC20261122001")
        #expect(study["instances"] as? Int == 1)
        let (_, quarantine) = try await engine.http("GET", "/api/quarantine")
        let held = (quarantine as? [[String: String]]) ?? []
        #expect(held.map { $0["kind"] } == ["instance"])
        #expect(held.first?["controlId"] == "1.2.826.0.1.3680043.10.999.502")
        #expect(held.first?["reason"]?.contains("MRN999999") ?? false)
        let files = FileManager.default.enumerator(atPath: engine.directory.appendingPathComponent("instances").path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".dcm") } ?? []
        #expect(files.count == 2)
    }

    /// CT_small with the order's accession and study UID and the given patient ID.
    static func image(patientID: String, sopInstanceUID: String) throws -> URL {
        let fixture = Paths.repository.appendingPathComponent("Tests/Fixtures/dicom/CT_small.dcm")
        var file = try DICOMFile(bytes: [UInt8](Data(contentsOf: fixture)))
        file.dataSet.set(.patientID, .LO, patientID)
        file.dataSet.set(.accessionNumber, .SH, "ACC20261122001")
        file.dataSet.set(.studyInstanceUID, .UI, studyUID)
        file.dataSet.set(.sopInstanceUID, .UI, sopInstanceUID)
        let out = Paths.temporaryDirectory().appendingPathComponent("\(sopInstanceUID).dcm")
        try Data(try DICOMFile(dataSet: file.dataSet, transferSyntax: file.transferSyntax).encoded()).write(to: out)
        return out
    }

    @Test func stateSurvivesARestart() async throws {
        let engine = try await RunningEngine.start(dicom: false)
        #expect(Messages.msa(try await engine.send(try fixture("adt_a04_register.hl7"))) == "MSA|CA|ADT0001")
        #expect(try await engine.send(try fixture("orm_o01_new_ge_zds.hl7")).contains("\rORC|OK|"))
        let restarted = try await engine.restart()
        defer { Task { await restarted.stop() } }
        let (_, orders) = try await restarted.http("GET", "/api/orders?status=scheduled")
        #expect((orders as? [[String: Any]])?.map { $0["accessionNumber"] as? String } == ["ACC20261122001"])
        // Replayed, the order is known: a change applies, a new order of another placer with the same
        // accession is refused.
        #expect(try await restarted.send(try fixture("orm_o01_change_xo.hl7")).contains("\rORC|XR|"))
        var again = try fixture("orm_o01_new_ge_zds.hl7").replacingOccurrences(of: "ORM0001", with: "ORM0077")
            .replacingOccurrences(of: "PLC5001^EPIC", with: "PLC9999^EPIC")
        again = try await restarted.send(again)
        #expect(again.contains("\rORC|UA|") && again.contains("MSA|AE|ORM0077"))
    }
}

/// Order changes and patient merges as the modality sees them through findscu.
@Suite(.serialized) struct WorklistChangesEndToEndTests {
    func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Paths.fixture(name), encoding: .utf8)
    }

    /// findscu -W with the given keys; the dcmdump text of each response.
    func find(_ port: Int, _ keys: [String]) async throws -> [String] {
        let out = Paths.temporaryDirectory()
        let find = try await ExternalTool.run("/usr/bin/findscu", ["-W", "-aec", "RADBRIDGE", "-X", "-od", out.path]
            + keys.flatMap { ["-k", $0] } + ["127.0.0.1", "\(port)"], environment: ["TCP_NODELAY": "1"])
        #expect(find.status == 0, "findscu: \(find.stderr)")
        var texts: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path).filter({ $0.hasPrefix("rsp") }).sorted() {
            let dump = try await ExternalTool.run("/usr/bin/dcmdump", [out.appendingPathComponent(name).path])
            texts.append(String(decoding: dump.stdout, as: UTF8.self))
        }
        return texts
    }

    @Test func changeMovesTheItemAndCancelRemovesIt() async throws {
        let engine = try await RunningEngine.start(dicom: true)
        defer { Task { await engine.stop() } }
        let port = try #require(engine.dicomPort)
        #expect(Messages.msa(try await engine.send(try fixture("adt_a04_register.hl7"))) == "MSA|CA|ADT0001")
        #expect(try await engine.send(try fixture("orm_o01_new_ge_zds.hl7")).contains("\rORC|OK|"))
        let keys = ["AccessionNumber=ACC20261122001", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime"]
        let before = try await find(port, keys)
        #expect(before.count == 1 && before[0].contains("(0040,0003) TM [093000]"))

        // XO moves the step to 11:00: the same item, at the new time, with the same study UID.
        #expect(try await engine.send(try fixture("orm_o01_change_xo.hl7")).contains("\rORC|XR|"))
        let after = try await find(port, keys + ["StudyInstanceUID"])
        #expect(after.count == 1)
        #expect(after.first?.contains("(0040,0003) TM [110000]") ?? false)
        #expect(after.first?.contains("[1.2.840.113619.2.55.3.2831164356.789.1732264700.1]") ?? false)

        // CA takes it off the worklist.
        #expect(try await engine.send(try fixture("orm_o01_cancel_ca.hl7")).contains("\rORC|CR|"))
        #expect(try await find(port, keys).isEmpty)
    }

    @Test func mergedPatientsOrdersAnswerUnderTheSurvivingID() async throws {
        let engine = try await RunningEngine.start(dicom: true)
        defer { Task { await engine.stop() } }
        let port = try #require(engine.dicomPort)
        // The order was placed under a duplicate record, MRN555001; A40 merges it into MRN100234.
        let duplicate = try fixture("adt_a04_register.hl7").replacingOccurrences(of: "MRN100234", with: "MRN555001")
        #expect(Messages.msa(try await engine.send(duplicate)) == "MSA|CA|ADT0001")
        let order = try fixture("orm_o01_new_ge_zds.hl7").replacingOccurrences(of: "MRN100234", with: "MRN555001")
        #expect(try await engine.send(order).contains("\rORC|OK|"))
        #expect(try await find(port, ["PatientID=MRN100234"]).isEmpty)

        #expect(Messages.msa(try await engine.send(try fixture("adt_a40_merge.hl7")))?.hasPrefix("MSA|AA|ADT0003") ?? false)
        let merged = try await find(port, ["PatientID=MRN100234", "AccessionNumber"])
        #expect(merged.count == 1)
        #expect(merged.first?.contains("(0010,0020) LO [MRN100234]") ?? false)
        #expect(merged.first?.contains("(0008,0050) SH [ACC20261122001]") ?? false)
        let (_, orders) = try await engine.http("GET", "/api/orders?patient=MRN100234")
        #expect((orders as? [[String: Any]])?.map { $0["accessionNumber"] as? String } == ["ACC20261122001"])
    }
}
