import DICOM
import Engine
import Foundation
import Store
import TestSupport
import Testing

/// DICOMweb against a running engine: the python `dicomweb-client` stores (STOW-RS, plus one
/// C-STORE), searches (QIDO-RS), retrieves (WADO-RS, read back with pydicom and compared with what
/// was stored) and renders PNGs (decoded with PIL, compared with the expected windowing); bad input
/// gets problem documents and changes nothing. The index survives a restart.
@Suite(.serialized) struct DICOMwebTests {
    static let geStudy = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"
    static let mrStudy = "1.2.826.0.1.3680043.10.1423.77.1"

    static func startWithOrders() async throws -> RunningEngine {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "dicom: { stowMaxBytes: 2000000 }"), dicom: true)
        for name in ["adt_a04_register.hl7", "orm_o01_new_ge_zds.hl7", "orm_o01_siemens_zsi.hl7"] {
            let reply = try await engine.send(try String(contentsOfFile: Paths.fixture(name), encoding: .utf8))
            #expect(reply.contains("MSA|AA|") || reply.contains("MSA|CA|"), "\(name): \(reply)")
        }
        return engine
    }

    @Test func dicomwebClientStoresSearchesRetrievesAndRenders() async throws {
        let engine = try await Self.startWithOrders()
        let dicomPort = try #require(engine.dicomPort)
        let script = Paths.peers.appendingPathComponent("dicomweb_check.py").path
        let result = try await ExternalTool.run(ExternalTool.python, [script, "\(engine.httpPort)", "\(dicomPort)"])
        #expect(result.status == 0, "dicomweb_check.py: \(result.stderr)")
        #expect(String(decoding: result.stdout, as: UTF8.self).hasSuffix("OK\n"))

        // The instance of the wrong patient is held for an operator, not filed.
        let (_, quarantine) = try await engine.http("GET", "/api/quarantine")
        #expect(((quarantine as? [[String: String]]) ?? []).map { $0["controlId"] } == ["1.2.826.0.1.3680043.10.1423.77.109"])
        let (_, studies) = try await engine.http("GET", "/api/studies")
        #expect(((studies as? [[String: Any]]) ?? []).compactMap { $0["instances"] as? Int }.sorted() == [1, 3])

        // After a restart the index answers the same searches, without the instance files.
        let restarted = try await engine.restart()
        defer { Task { await restarted.stop() } }
        let (status, found) = try await restarted.http("GET", "/dicomweb/studies?PatientID=MRN100234&includefield=StudyDescription")
        #expect(status == 200)
        let study = try #require((found as? [[String: Any]])?.first)
        #expect((study["0020000D"] as? [String: Any])?["Value"] as? [String] == [Self.geStudy])
        #expect((study["00201208"] as? [String: Any])?["Value"] as? [Int] == [3])
        #expect((study["00081030"] as? [String: Any])?["Value"] as? [String] == ["Study Ω ü"])
        let (_, series) = try await restarted.http("GET", "/dicomweb/series?Modality=MR")
        #expect((series as? [[String: Any]])?.count == 1)
    }

    @Test func searchesOnAnEmptyEngineFindNothingAndRefuseBadInput() async throws {
        let engine = try await RunningEngine.start(dicom: false)
        defer { Task { await engine.stop() } }
        let (status, found) = try await engine.http("GET", "/dicomweb/studies")
        #expect(status == 200)
        #expect((found as? [Any])?.isEmpty == true)
        let (bad, problem) = try await engine.http("GET", "/dicomweb/studies/1.2.x/series")
        #expect(bad == 400)
        #expect((problem as? [String: Any])?["title"] as? String == "Invalid UID")
        let (missing, _) = try await engine.http("GET", "/dicomweb/studies/1.2.3/metadata")
        #expect(missing == 404)
    }
}
