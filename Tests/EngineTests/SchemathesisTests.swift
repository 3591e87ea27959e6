import Engine
import Foundation
import TestSupport
import Testing

/// schemathesis (PyPI) fuzzes every operation and parameter of `GET /openapi.json` against a running
/// engine that holds patients, orders, a critical result, filed and quarantined instances and a
/// queued outbound message: no 5xx, no crash, every 4xx a problem document or an OperationOutcome
/// (Tests/Peers/schemathesis_hooks.py). The engine still answers HL7 and /healthz afterwards.
@Suite(.serialized) struct SchemathesisTests {
    @Test func everyOperationSurvivesGeneratedRequests() async throws {
        let configuration = try EngineConfiguration(yaml: """
            destinations: { ris: { mllp: "127.0.0.1:9" } }
            routes: [ { match: { type: "ADT^*" }, to: [ris] } ]
            dicom: { stowMaxBytes: 2000000 }
            """)
        let engine = try await RunningEngine.start(configuration, dicom: true)
        defer { Task { await engine.stop() } }
        for name in ["adt_a04_register.hl7", "orm_o01_new_ge_zds.hl7", "orm_o01_siemens_zsi.hl7", "oru_r01_critical_pe.hl7"] {
            let reply = try await engine.send(try String(contentsOfFile: Paths.fixture(name), encoding: .utf8))
            #expect(reply.contains("MSA|AA|") || reply.contains("MSA|CA|"), "\(name): \(reply)")
        }
        let dicomPort = try #require(engine.dicomPort)
        let seed = try await ExternalTool.run(ExternalTool.python, [Paths.peers.appendingPathComponent("dicomweb_check.py").path,
                                                                    "\(engine.httpPort)", "\(dicomPort)"])
        #expect(seed.status == 0, "dicomweb_check.py: \(seed.stderr)")

        let run = try await ExternalTool.run(ExternalTool.python, [Paths.peers.appendingPathComponent("schemathesis_run.py").path,
                                                                   "\(engine.httpPort)", "12"])
        let report = String(decoding: run.stdout, as: UTF8.self)
        #expect(run.status == 0, "schemathesis found failures:\n\(report.suffix(12_000))\n\(run.stderr.suffix(2000))")
        #expect(report.contains("passed") && report.contains("API Operations"), "no schemathesis summary:\n\(report.suffix(2000))")

        let (health, _) = try await engine.http("GET", "/healthz")
        #expect(health == 200)
        let reply = try await engine.send(try String(contentsOfFile: Paths.fixture("adt_a08_update.hl7"), encoding: .utf8))
        #expect(reply.contains("MSA|AA|"))
    }
}
