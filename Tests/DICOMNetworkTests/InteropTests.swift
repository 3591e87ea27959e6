import DICOM
import DICOMNetwork
import Foundation
import NIOCore
import TestSupport
import Testing

/// Real peers over real sockets: DCMTK and pynetdicom against our SCP, our SCU against DCMTK's storescp.
/// A missing peer fails the test: scripts/bootstrap installs them.
@Suite struct InteropTests {
    static let dcmtkEnvironment = ["TCP_NODELAY": "1"]

    @Test func dcmtkEchoscu() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let result = try await ExternalTool.run("/usr/bin/echoscu", ["-aet", "ECHOSCU", "-aec", "RADBRIDGE", "127.0.0.1", "\(server.port)"],
                                          environment: Self.dcmtkEnvironment)
        #expect(result.status == 0, "echoscu: \(result.stderr)")
        let wrong = try await ExternalTool.run("/usr/bin/echoscu", ["-aec", "NOTUS", "127.0.0.1", "\(server.port)"], environment: Self.dcmtkEnvironment)
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("Called AE Title Not Recognized"))
    }

    @Test func dcmtkStorescu() async throws {
        let server = try await TestServer.start { $0.policy.maximumPDULength = 16_384 }
        defer { Task { try await server.stop() } }
        let names = ["CT_small.dcm", "MR_small_implicit.dcm", "rtplan.dcm", "test-SR.dcm"]
        let result = try await ExternalTool.run("/usr/bin/storescu", ["-aec", "RADBRIDGE", "127.0.0.1", "\(server.port)"] + names.map { Fixtures.url($0).path },
                                          environment: Self.dcmtkEnvironment)
        #expect(result.status == 0, "storescu: \(result.stderr)")
        #expect(server.storedFiles.count == names.count)
        for name in names {
            let original = try DICOMFile(bytes: Fixtures.bytes(name))
            let uid = try #require(original.dataSet.string(.sopInstanceUID))
            let stored = try DICOMFile(bytes: [UInt8](Data(contentsOf: server.storage.appendingPathComponent("\(uid).dcm"))))
            #expect(stored.dataSet.string(.patientID) == original.dataSet.string(.patientID))
            #expect(stored.dataSet[.pixelData]?.bytes == original.dataSet[.pixelData]?.bytes)
            // DCMTK drops group lengths and Data Set Trailing Padding (FFFC,FFFC) when it sends.
            let sent = original.dataSet.elements.filter { !$0.tag.isGroupLength && $0.tag != Tag(0xFFFC, 0xFFFC) }
            #expect(stored.dataSet.elements.map(\.tag) == sent.map(\.tag))
        }
    }

    @Test func dcmtkStorescuCompressedKeepsFragments() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        // -xw proposes JPEG 2000 first; the storage service keeps the requestor's first choice.
        let result = try await ExternalTool.run("/usr/bin/storescu", ["-xw", "-aec", "RADBRIDGE", "127.0.0.1", "\(server.port)", Fixtures.url("JPEG2000.dcm").path],
                                          environment: Self.dcmtkEnvironment)
        #expect(result.status == 0, "storescu: \(result.stderr)")
        let original = try DICOMFile(bytes: Fixtures.bytes("JPEG2000.dcm"))
        let stored = try DICOMFile(bytes: [UInt8](Data(contentsOf: try #require(server.storedFiles.first))))
        #expect(stored.transferSyntax == original.transferSyntax)
        #expect(stored.dataSet[.pixelData]?.fragments == original.dataSet[.pixelData]?.fragments)
    }

    @Test func pynetdicomAgainstOurSCP() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        let script = """
        import sys
        from pydicom import dcmread
        from pydicom.dataset import Dataset
        from pynetdicom import AE
        from pynetdicom.sop_class import Verification, CTImageStorage, ModalityWorklistInformationFind, ModalityPerformedProcedureStep
        ae = AE(ae_title="PYSCU")
        for c in (Verification, CTImageStorage, ModalityWorklistInformationFind, ModalityPerformedProcedureStep):
            ae.add_requested_context(c)
        assoc = ae.associate("127.0.0.1", int(sys.argv[1]), ae_title="RADBRIDGE")
        assert assoc.is_established, "not established"
        print("echo", assoc.send_c_echo().Status)
        print("store", assoc.send_c_store(dcmread(sys.argv[2])).Status)
        q = Dataset(); q.PatientName = "*"; q.PatientID = ""
        step = Dataset(); step.Modality = "MR"; q.ScheduledProcedureStepSequence = [step]
        for status, ident in assoc.send_c_find(q, ModalityWorklistInformationFind):
            print("find", status.Status, ident.PatientID if ident is not None else "-")
        mpps = Dataset(); mpps.PerformedProcedureStepStatus = "IN PROGRESS"; mpps.PatientID = "PID3"
        status, _ = assoc.send_n_create(mpps, ModalityPerformedProcedureStep, "1.2.826.0.1.3680043.99.7")
        print("ncreate", status.Status)
        done = Dataset(); done.PerformedProcedureStepStatus = "COMPLETED"
        status, _ = assoc.send_n_set(done, ModalityPerformedProcedureStep, "1.2.826.0.1.3680043.99.7")
        print("nset", status.Status)
        assoc.release()
        """
        let result = try await ExternalTool.run(ExternalTool.python, ["-c", script, "\(server.port)", Fixtures.url("CT_small.dcm").path])
        #expect(result.status == 0, "pynetdicom: \(result.stderr)")
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines == ["echo 0", "store 0", "find 65280 PID3", "find 0 -", "ncreate 0", "nset 0"])
        #expect(server.storedFiles.count == 1)
        // The Part 10 file our SCP wrote (meta built from the command, data set as received) reads in pydicom.
        let stored = try #require(server.storedFiles.first)
        let check = try await ExternalTool.run(ExternalTool.python, ["-c", "import sys, pydicom; ds = pydicom.dcmread(sys.argv[1]); print(ds.file_meta.SourceApplicationEntityTitle, ds.PatientID, len(ds.PixelData))", stored.path])
        #expect(String(decoding: check.stdout, as: UTF8.self) == "PYSCU 1CT1 32768\n", "\(check.stderr)")
        #expect(await server.procedureSteps.status(of: "1.2.826.0.1.3680043.99.7") == "COMPLETED")
    }

    @Test func ourSCUAgainstDcmtkStorescp() async throws {
        let port = try await RawClient.freePort()
        let output = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let peer = try BackgroundProcess("/usr/bin/storescp", ["-aet", "STORESCP", "-od", output.path, "\(port)"], environment: Self.dcmtkEnvironment)
        defer { peer.stop() }
        let names = ["CT_small.dcm", "rtplan.dcm", "MR_small_bigendian.dcm"]
        let files = try names.map { try DICOMFile(bytes: Fixtures.bytes($0)) }
        var syntaxes: [(String, [String])] = []
        for file in files { syntaxes.append((try #require(file.dataSet.string(.sopClassUID)), [TransferSyntax.explicitVRLittleEndian.uid])) }
        var association: DICOMAssociation?
        for _ in 0..<50 where association == nil {
            association = try? await DICOMAssociation.open(host: "127.0.0.1", port: port, callingAETitle: "RADBRIDGE", calledAETitle: "STORESCP",
                                                           proposals: DICOMAssociation.proposals(syntaxes), maximumPDULength: 16_384, timeout: .seconds(5))
            if association == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let open = try #require(association, "storescp did not come up: \(peer.output)")
        for file in files { #expect(try await open.store(file) == .success) }
        try await open.release()
        let received = try FileManager.default.contentsOfDirectory(atPath: output.path)
        #expect(received.count == names.count)
        for name in received {
            let dump = try await ExternalTool.run("/usr/bin/dcmdump", [output.appendingPathComponent(name).path])
            #expect(dump.status == 0)
            #expect(String(decoding: dump.stdout, as: UTF8.self).contains("(0008,0018)"))
        }
    }
}
