import DICOM
import Engine
import Foundation
import Store
import TestSupport
import Testing

/// DICOM over TLS to a real TLS peer: Orthanc with `DicomTlsEnabled` (DCMTK's TLS inside), which
/// also demands a client certificate signed by the test CA.
@Suite(.serialized) struct DICOMTLSTests {
    static let studyUID = ScheduledWorkflowEndToEndTests.studyUID

    func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Paths.fixture(name), encoding: .utf8)
    }

    func certificates() async throws -> URL {
        let directory = Paths.temporaryDirectory()
        let script = try ChildProcess("bash", [Paths.peers.appendingPathComponent("make_test_certs.sh").path, directory.path])
        #expect(await script.waitForExit() == 0, "openssl is needed to make test certificates")
        return directory
    }

    @Test func forwardsAndQueriesOverTLSOnlyWithAVerifiedPeerAndAClientCertificate() async throws {
        let certs = try await certificates(), foreign = try await certificates()
        func file(_ name: String, in directory: URL? = nil) -> String { (directory ?? certs).appendingPathComponent(name).path }
        let orthanc = try await OrthancPeer(extra: ["DicomTlsEnabled": true, "DicomTlsRemoteCertificateRequired": true],
                                            strings: ["DicomTlsCertificate": file("server.pem"), "DicomTlsPrivateKey": file("server.key"),
                                                      "DicomTlsTrustedCertificates": file("ca.pem")], start: false)
        defer { Task { await orthanc.stop() } }
        let peer = #"host: "127.0.0.1", port: \#(orthanc.dicomPort), aet: "ORTHANC", timeout: 5, backoff: { initial: 0.2, max: 0.5 }"#
        let configuration = try EngineConfiguration(yaml: """
            dicomDestinations:
              pacs:      { \(peer), tls: true, tlsTrustRoots: "\(file("ca.pem"))", tlsCertificate: "\(file("client.pem"))", tlsKey: "\(file("client.key"))" }
              noclient:  { \(peer), tls: true, tlsTrustRoots: "\(file("ca.pem"))", maxAttempts: 1 }
              untrusted: { \(peer), tls: true, tlsTrustRoots: "\(file("ca.pem", in: foreign))", tlsCertificate: "\(file("client.pem"))", tlsKey: "\(file("client.key"))", maxAttempts: 1 }
              plain:     { \(peer), maxAttempts: 1 }
            dicomRoutes:
              - { match: { modality: "CT" }, to: [pacs, noclient, untrusted, plain] }
            workflow:
              priorsFrom: [pacs]
            """)
        let engine = try await RunningEngine.start(configuration, dicom: true)
        defer { Task { await engine.stop() } }
        try await orthanc.start(reportingTo: try #require(engine.dicomPort))
        #expect(Messages.msa(try await engine.send(try fixture("adt_a04_register.hl7"))) == "MSA|CA|ADT0001")
        #expect(try await engine.send(try fixture("orm_o01_new_ge_zds.hl7")).contains("\rORC|OK|"))
        #expect(try await engine.send(try fixture("oru_r01_report_final.hl7")).contains("MSA|"))

        let uid = "1.2.826.0.1.3680043.10.999.801"
        let stored = try await ExternalTool.run("/usr/bin/storescu", [
            "-aet", "CT_NORTH_1", "-aec", "RADBRIDGE", "127.0.0.1", "\(engine.dicomPort ?? 0)",
            try ScheduledWorkflowEndToEndTests.image(patientID: "MRN100234", sopInstanceUID: uid).path,
        ], environment: ["TCP_NODELAY": "1"])
        #expect(stored.status == 0, "storescu: \(stored.stderr)")

        // Over TLS with a client certificate: delivered, and Orthanc has it.
        #expect(try await orthanc.waitUntil { try await orthanc.tags(sopInstanceUID: uid)?["PatientID"] as? String == "MRN100234" })
        func destinations() async throws -> [String: [String: Any]] {
            let (_, json) = try await engine.http("GET", "/api/studies/\(Self.studyUID)")
            return (json as? [String: Any])?["destinations"] as? [String: [String: Any]] ?? [:]
        }
        #expect(try await orthanc.waitUntil {
            let all = try await destinations()
            return all["pacs"]?["sent"] as? Int == 1 && ["noclient", "untrusted", "plain"].allSatisfy { all[$0]?["failed"] as? Int == 1 }
        })
        let all = try await destinations()
        // A server certificate from another CA is refused by RadBridge; no client certificate or plain
        // DICOM is refused by Orthanc. None of them is counted as sent.
        #expect((all["untrusted"]?["lastError"] as? String)?.contains("CERTIFICATE_VERIFY_FAILED") == true, "\(all["untrusted"] ?? [:])")
        #expect((all["noclient"]?["lastError"] as? String)?.contains("CERTIFICATE_REQUIRED") == true, "\(all["noclient"] ?? [:])")
        for name in ["noclient", "plain"] {
            #expect(all[name]?["sent"] as? Int == 0, "\(name)")
            #expect((all[name]?["lastError"] as? String)?.isEmpty == false, "\(name)")
        }
        #expect(try await orthanc.instanceIDs().count == 1)

        // The priors C-FIND goes over the same TLS: the forwarded study is found in the PACS.
        let (status, priors) = try await engine.http("GET", "/api/patients/MRN100234/priors")
        #expect(status == 200)
        let local = try #require((priors as? [[String: Any]])?.first)
        #expect(local["location"] as? String == "local" && local["alsoIn"] as? [String] == ["pacs"])
    }
}
