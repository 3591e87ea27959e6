import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// The master patient index through `RadBridgeEngine` over real sockets: registrations and
/// IHE PIX (QBP^Q23) / PDQ (QBP^Q22) queries sent by the python `hl7` library's MLLP client and
/// parsed field by field by it; ADT^A31 PIX update notifications received by the python sink;
/// review tasks decided over HTTP and kept across a restart.
@Suite(.serialized) struct MPIEndToEndTests {
    let directory = Paths.temporaryDirectory()

    func write(_ name: String, _ segments: [String]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try segments.joined(separator: "\r").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func adt(_ control: String, _ pid: String) throws -> String {
        try write("\(control).hl7", ["MSH|^~\\&|REG|FAC|RADBRIDGE|RAD|20261123080000||ADT^A04^ADT_A01|\(control)|P|2.5.1",
                                     "EVN|A04|20261123080000", pid, "PV1|1|O"])
    }

    /// Sends with python hl7's MLLPClient; the reply's fields as that library parses them.
    func send(_ port: Int, _ file: String, _ paths: [String]) async throws -> [String: Any] {
        let run = try await ExternalTool.run(ExternalTool.python, [Paths.peers.appendingPathComponent("hl7_fields.py").path,
                                                                  "send", String(port), file] + paths)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    }

    func post(_ port: Int, _ path: String, _ body: String) async throws -> (status: Int, json: Any) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, try JSONSerialization.jsonObject(with: data))
    }

    @Test func registrationsPIXAndPDQQueriesUpdatesAndReviews() async throws {
        let sink = try await PythonSink()
        defer { sink.stop() }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            destinations:
              pix: { mllp: "127.0.0.1:\(sink.port)", ackTimeout: 2, backoff: { initial: 0.05, max: 0.2 } }
            workflow:
              pixUpdatesTo: [pix]
              mpi: { upperThreshold: 24, lowerThreshold: 12, enterpriseAuthority: ACME-EUID }
            """))
        let port = engine.mllpPort

        let a = try await send(port, try adt("R1", "PID|1||H100^^^HOSPA^MR||SMITH^JONATHAN^Q||19700312|M|||12 Oak Avenue^^Springfield^^12345||^PRN^PH^^^555^1234567"), ["MSA.F1"])
        #expect(a["MSA.F1"] as? String == "AA")
        let b = try await send(port, try adt("R2", "PID|1||77^^^HOSPB^MR||SMITH^JOHN||19700312|M|||12 Oak Ave^^Springfield^^12345||5551234567"), ["MSA.F1"])
        #expect(b["MSA.F1"] as? String == "AA")

        // PIX: HOSPA's identifier → the person's identifiers in the other domains.
        let pix = try await send(port, try write("Q1.hl7", [
            "MSH|^~\\&|PACS|FAC|RADBRIDGE|RAD|20261123090000||QBP^Q23^QBP_Q21|Q1|P|2.5",
            "QPD|IHE PIX Query|TAG1|H100^^^HOSPA|", "RCP|I"]),
            ["MSH.F9.R1.C1", "MSH.F9.R1.C2", "MSH.F9.R1.C3", "MSA.F1", "MSA.F2", "QAK.F1", "QAK.F2", "QPD.F1", "QPD.F3.R1.C1",
             "PID.F3.R1.C1", "PID.F3.R1.C4", "PID.F3.R1.C5", "PID.F3.R2.C1", "PID.F3.R2.C4", "PID.F3.R2.C5", "PID.F5.R1.C7"])
        #expect(pix["MSH.F9.R1.C1"] as? String == "RSP")
        #expect(pix["MSH.F9.R1.C2"] as? String == "K23")
        #expect(pix["MSH.F9.R1.C3"] as? String == "RSP_K23")
        #expect(pix["MSA.F1"] as? String == "AA")
        #expect(pix["MSA.F2"] as? String == "Q1")
        #expect(pix["QAK.F1"] as? String == "TAG1")
        #expect(pix["QAK.F2"] as? String == "OK")
        #expect(pix["QPD.F1"] as? String == "IHE PIX Query")
        #expect(pix["QPD.F3.R1.C1"] as? String == "H100")
        #expect(pix["PID.F3.R1.C1"] as? String == "77")
        #expect(pix["PID.F3.R1.C4"] as? String == "HOSPB")
        #expect(pix["PID.F3.R1.C5"] as? String == "MR")
        let euid = try #require(pix["PID.F3.R2.C1"] as? String)
        #expect(euid.hasPrefix("E"))
        #expect(pix["PID.F3.R2.C4"] as? String == "ACME-EUID")
        #expect(pix["PID.F3.R2.C5"] as? String == "PI")
        #expect(pix["PID.F5.R1.C7"] as? String == "S")
        #expect((pix["#segments"] as? [String: Int]) == ["MSH": 1, "MSA": 1, "QAK": 1, "QPD": 1, "PID": 1])

        // PIX for an identifier nobody has: AE with ERR at QPD-3.
        let unknown = try await send(port, try write("Q2.hl7", [
            "MSH|^~\\&|PACS|FAC|RADBRIDGE|RAD|20261123090000||QBP^Q23^QBP_Q21|Q2|P|2.5",
            "QPD|IHE PIX Query|TAG2|NOPE^^^HOSPA|^^^HOSPB", "RCP|I"]),
            ["MSA.F1", "QAK.F2", "ERR.F2.R1.C1", "ERR.F2.R1.C2", "ERR.F2.R1.C3", "ERR.F2.R1.C4", "ERR.F3.R1.C1", "ERR.F4"])
        #expect(unknown["MSA.F1"] as? String == "AE")
        #expect(unknown["QAK.F2"] as? String == "AE")
        #expect(unknown["ERR.F2.R1.C1"] as? String == "QPD")
        #expect(unknown["ERR.F2.R1.C3"] as? String == "3")
        #expect(unknown["ERR.F3.R1.C1"] as? String == "204")
        #expect(unknown["ERR.F4"] as? String == "E")

        // PDQ by family name and birth date, identifiers of HOSPB asked for: one person.
        let pdq = try await send(port, try write("Q3.hl7", [
            "MSH|^~\\&|PACS|FAC|RADBRIDGE|RAD|20261123090000||QBP^Q22^QBP_Q21|Q3|P|2.5",
            "QPD|IHE PDQ Query|TAG3|@PID.5.1.1^SMI*~@PID.7.1^19700312|||||^^^HOSPB", "RCP|I|10^RD"]),
            ["MSH.F9.R1.C2", "MSA.F1", "QAK.F1", "QAK.F2", "QAK.F4", "PID.F3.R1.C1", "PID.F3.R1.C4", "PID.F5.R1.C1", "PID.F5.R1.C2",
             "PID.F7", "PID.F8", "PID.F11.R1.C5"])
        #expect(pdq["MSH.F9.R1.C2"] as? String == "K22")
        #expect(pdq["MSA.F1"] as? String == "AA")
        #expect(pdq["QAK.F1"] as? String == "TAG3")
        #expect(pdq["QAK.F2"] as? String == "OK")
        #expect(pdq["QAK.F4"] as? String == "1")
        #expect(pdq["PID.F3.R1.C1"] as? String == "77")
        #expect(pdq["PID.F3.R1.C4"] as? String == "HOSPB")
        #expect(pdq["PID.F5.R1.C1"] as? String == "SMITH")
        #expect(pdq["PID.F7"] as? String == "19700312")
        #expect(pdq["PID.F8"] as? String == "M")
        #expect((pdq["#segments"] as? [String: Int])?["PID"] == 1)
        let none = try await send(port, try write("Q4.hl7", [
            "MSH|^~\\&|PACS|FAC|RADBRIDGE|RAD|20261123090000||QBP^Q22^QBP_Q21|Q4|P|2.5",
            "QPD|IHE PDQ Query|TAG4|@PID.5.1.1^NOBODY", "RCP|I"]), ["MSA.F1", "QAK.F2"])
        #expect(none["QAK.F2"] as? String == "NF")
        let bad = try await send(port, try write("Q5.hl7", [
            "MSH|^~\\&|PACS|FAC|RADBRIDGE|RAD|20261123090000||QBP^Q22^QBP_Q21|Q5|P|2.5",
            "QPD|IHE PDQ Query|TAG5|@PID.99^X", "RCP|I"]), ["MSA.F1", "QAK.F2", "ERR.F3.R1.C1"])
        #expect(bad["MSA.F1"] as? String == "AE")
        #expect(bad["ERR.F3.R1.C1"] as? String == "103")

        // The link reached the PIX consumer as ADT^A31 with every identifier of the person.
        #expect(try await sink.waitUntil { $0.received.count >= 1 })
        let updates = try await ExternalTool.run(ExternalTool.python, [Paths.peers.appendingPathComponent("hl7_fields.py").path, "read", sink.messagesLog.path,
            "MSH.F9.R1.C1", "MSH.F9.R1.C2", "PID.F3.R1.C1", "PID.F3.R1.C4", "PID.F3.R2.C1", "PID.F3.R2.C4", "PID.F3.R3.C1", "PID.F3.R3.C4", "PV1.F2"])
        let first = try #require(String(decoding: updates.stdout, as: UTF8.self).split(separator: "\n").first)
        let a31 = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(a31["MSH.F9.R1.C1"] as? String == "ADT")
        #expect(a31["MSH.F9.R1.C2"] as? String == "A31")
        #expect(a31["PID.F3.R1.C1"] as? String == "H100")
        #expect(a31["PID.F3.R1.C4"] as? String == "HOSPA")
        #expect(a31["PID.F3.R2.C1"] as? String == "77")
        #expect(a31["PID.F3.R2.C4"] as? String == "HOSPB")
        #expect(a31["PID.F3.R3.C1"] as? String == euid)
        #expect(a31["PID.F3.R3.C4"] as? String == "ACME-EUID")
        #expect(a31["PV1.F2"] as? String == "N")

        // A third desk registers the same name and birth date with nothing else: a review task.
        _ = try await send(port, try adt("R3", "PID|1||C5^^^CLINIC^MR||SMITH^JOHN||19700312|M"), ["MSA.F1"])
        let (status, list) = try await engine.http("GET", "/api/mpi/reviews")
        #expect(status == 200)
        let review = try #require((list as? [[String: Any]])?.first)
        #expect((list as? [[String: Any]])?.count == 1)
        #expect(review["status"] as? String == "open")
        #expect(review["grade"] as? String == "probable")
        #expect((review["patient"] as? [String: Any])?["identifiers"] as? [String] == ["C5^^^CLINIC"])
        #expect((review["candidate"] as? [String: Any])?["euid"] as? String == euid)
        let id = try #require(review["id"] as? Int)
        let clinicRecord = try #require((review["patient"] as? [String: Any])?["recordId"] as? Int)

        #expect(try await post(engine.httpPort, "/api/mpi/reviews/\(id)", #"{"decision":"perhaps","by":"x"}"#).status == 400)
        #expect(try await post(engine.httpPort, "/api/mpi/reviews/999", #"{"decision":"link","by":"x"}"#).status == 404)
        let decided = try await post(engine.httpPort, "/api/mpi/reviews/\(id)", #"{"decision":"link","by":"registrar.kim"}"#)
        #expect(decided.status == 200)
        #expect((decided.json as? [String: Any])?["status"] as? String == "linked")
        #expect((decided.json as? [String: Any])?["decidedBy"] as? String == "registrar.kim")
        #expect(try await post(engine.httpPort, "/api/mpi/reviews/\(id)", #"{"decision":"keep-apart","by":"x"}"#).status == 409)
        #expect(try await sink.waitUntil { $0.received.count >= 2 })

        // After a restart the links, the decision and the audit come back from the event log.
        let restarted = try await engine.restart()
        defer { Task { await restarted.stop() } }
        let (_, person) = try await restarted.http("GET", "/api/mpi/persons?identifier=C5%5E%5E%5ECLINIC")
        let view = try #require(person as? [String: Any])
        #expect(view["euid"] as? String == euid)
        #expect(view["identifiers"] as? [String] == ["H100^^^HOSPA", "77^^^HOSPB", "C5^^^CLINIC", "\(euid)^^^ACME-EUID"])
        let (_, audit) = try await restarted.http("GET", "/api/mpi/audit")
        let actions = (audit as? [[String: Any]])?.map { $0["action"] as? String ?? "" }
        #expect(actions == ["assigned", "linked", "assigned", "review-opened", "linked"])
        #expect((audit as? [[String: Any]])?.last?["by"] as? String == "registrar.kim")
        let (_, reviews) = try await restarted.http("GET", "/api/mpi/reviews?status=linked")
        #expect((reviews as? [[String: Any]])?.count == 1)

        // The link is reversible: the clinic record gets its own enterprise ID again, and the PIX
        // consumer hears about both persons.
        let unlinked = try await post(restarted.httpPort, "/api/mpi/records/\(clinicRecord)/unlink", #"{"by":"registrar.kim","reason":"different person"}"#)
        #expect(unlinked.status == 200)
        let own = try #require((unlinked.json as? [String: Any])?["euid"] as? String)
        #expect(own != euid)
        #expect((unlinked.json as? [String: Any])?["identifiers"] as? [String] == ["C5^^^CLINIC", "\(own)^^^ACME-EUID"])
        #expect(try await post(restarted.httpPort, "/api/mpi/records/\(clinicRecord)/unlink", #"{"by":"x"}"#).status == 409)
        #expect(try await sink.waitUntil { $0.received.count >= 4 })
        let pixAfter = try await send(restarted.mllpPort, try write("Q6.hl7", [
            "MSH|^~\\&|PACS|FAC|RADBRIDGE|RAD|20261123090000||QBP^Q23^QBP_Q21|Q6|P|2.5",
            "QPD|IHE PIX Query|TAG6|C5^^^CLINIC|^^^HOSPA", "RCP|I"]), ["MSA.F1", "QAK.F2"])
        #expect(pixAfter["MSA.F1"] as? String == "AA")
        #expect(pixAfter["QAK.F2"] as? String == "NF")
    }

    @Test func misconfiguredIndexIsRefusedAtStart() throws {
        #expect(throws: (any Error).self) {
            try EngineConfiguration(yaml: "workflow:\n  mpi: { upperThreshold: 10, lowerThreshold: 20 }\n")
        }
        #expect(throws: (any Error).self) {
            try EngineConfiguration(yaml: "workflow:\n  pixUpdatesTo: [nowhere]\n")
        }
        #expect(throws: (any Error).self) {
            try EngineConfiguration(yaml: "workflow:\n  mpi: { enterpriseAuthority: \"\" }\n")
        }
        let fine = try EngineConfiguration(yaml: "workflow:\n  mpi: { upperThreshold: 30, nationalTypes: [NI] }\n")
        let mpi = try fine.workflow.domain().mpi
        #expect(mpi.upperThreshold == 30)
        #expect(mpi.lowerThreshold == 12)
        #expect(mpi.nationalTypes == ["NI"])
    }
}
