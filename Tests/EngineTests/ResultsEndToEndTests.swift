import Engine
import Foundation
import HL7
import TestSupport
import Testing

/// Results through the running engine with python peers on both sides: report versions to the EHR,
/// critical results escalated and closed (by HL7 and by the API, across a restart), one charge per
/// completed exam, prior-results queries, and bad reports.
@Suite(.serialized) struct ResultsEndToEndTests {
    static let studyUID = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"

    func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Paths.fixture(name), encoding: .utf8)
    }

    /// The same message about a second order (accession ACC2, its own study UID), with its own control ID.
    func secondOrder(_ text: String, controlID: (String, String)) -> String {
        text.replacingOccurrences(of: "ACC20261122001", with: "ACC2").replacingOccurrences(of: "PLC5001", with: "PLC2")
            .replacingOccurrences(of: "1732264700.1", with: "1732264700.2").replacingOccurrences(of: controlID.0, with: controlID.1)
    }

    func msa(_ reply: String) -> String { Messages.msa(reply) ?? "-" }

    func orderID(_ engine: RunningEngine, accession: String) async throws -> Int {
        let (_, orders) = try await engine.http("GET", "/api/orders?accession=\(accession)")
        return try #require((orders as? [[String: Any]])?.first?["id"] as? Int)
    }

    @Test func reportVersionsReachTheEHRInOrderAndTheAPIKeepsTheHistory() async throws {
        let ehr = try await PythonSink()
        defer { ehr.stop() }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            destinations:
              ehr: { mllp: "127.0.0.1:\(ehr.port)", ackTimeout: 2, backoff: { initial: 0.05, max: 0.2 } }
            workflow:
              reportsTo: [ehr]
            """))
        defer { Task { await engine.stop() } }
        let replies = try await PythonClient.send([
            try fixture("adt_a04_register.hl7"), try fixture("orm_o01_new_ge_zds.hl7"),
            try fixture("oru_r01_report_preliminary.hl7"), try fixture("oru_r01_report_final.hl7"),
            try fixture("oru_r01_report_corrected.hl7"),
        ], port: engine.mllpPort)
        #expect(replies.map(msa) == ["MSA|CA|ADT0001", "MSA|AA|ORM0001", "MSA|AA|ORU0001", "MSA|AA|ORU0002", "MSA|AA|ORU0003"])

        #expect(try await ehr.waitUntil { $0.received.count >= 3 })
        #expect(ehr.received.map(\.controlID) == ["ORU0001", "ORU0002", "ORU0003"])
        #expect(ehr.messages.map { try? HL7Message($0).segment(named: "OBR")?.field(25)?.value } == ["P", "F", "C"])

        let id = try await orderID(engine, accession: "ACC20261122001")
        let (_, detail) = try await engine.http("GET", "/api/orders/\(id)")
        let order = try #require(detail as? [String: Any])
        #expect(order["status"] as? String == "final")
        let versions = try #require(order["report"] as? [[String: Any]])
        #expect(versions.map { $0["status"] as? String } == ["P", "F", "C"])
        #expect(versions.map { $0["controlId"] as? String } == ["ORU0001", "ORU0002", "ORU0003"])
        let impression = (versions.last?["sections"] as? [[String: Any]])?.filter { $0["kind"] as? String == "impression" }
            .flatMap { $0["text"] as? [String] ?? [] } ?? []
        #expect(impression.joined().contains("RIGHT pleural effusion"))
        let history = (order["history"] as? [[String: Any]])?.compactMap { $0["to"] as? String } ?? []
        #expect(history.suffix(3) == ["preliminary", "final", "final"], "the correction supersedes the final and keeps its state")
    }

    @Test func criticalResultsEscalateAcrossARestartAndCloseByHL7AndByTheAPI() async throws {
        // The paging system commits each notification (CA) and sends its application ACK later, to our listener.
        let pager = try await PythonSink(options: ["--commit-only"])
        defer { pager.stop() }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            destinations:
              pager: { mllp: "127.0.0.1:\(pager.port)", ackTimeout: 2, backoff: { initial: 0.05, max: 0.2 },
                       answersAs: { application: PAGER, facility: GENHOSP, host: 127.0.0.1 } }
            workflow:
              criticalTo: [pager]
              critical: { acknowledgeWithin: 3s, chain: [ORDERING, ATTENDING, CHIEF] }
            """))
        let setup = try await PythonClient.send([
            try fixture("adt_a04_register.hl7"), try fixture("orm_o01_new_ge_zds.hl7"),
            secondOrder(try fixture("orm_o01_new_ge_zds.hl7"), controlID: ("ORM0001", "ORM0002")),
            try fixture("oru_r01_critical_pe.hl7"),
            secondOrder(try fixture("oru_r01_critical_pe.hl7"), controlID: ("ORU0004", "ORU0005")),
        ], port: engine.mllpPort)
        #expect(setup.map(msa) == ["MSA|CA|ADT0001", "MSA|AA|ORM0001", "MSA|AA|ORM0002", "MSA|AA|ORU0004", "MSA|AA|ORU0005"])

        // Both notifications reach the pager in enhanced mode and are accepted: notified.
        #expect(try await pager.waitUntil { $0.received.count >= 2 })
        #expect(pager.received.count == 2 && pager.received.allSatisfy { $0.controlID.wholeMatch(of: /CR[0-9A-F]{16}/) != nil })
        let first = try HL7Message(try #require(pager.messages.first))
        #expect(first.header.messageType == "ORU^R01" && first["MSH-15"] == "AL" && first["MSH-16"] == "AL")
        #expect(first["OBR-28"] == "ORDERING")
        #expect(try await waitForStates(engine, ["notified", "notified"]))

        // The node restarts before the deadline; the deadline still holds and the cases escalate.
        let restarted = try await engine.restart()
        defer { Task { await restarted.stop() } }
        #expect(try await pager.waitUntil { $0.received.count >= 4 })
        let escalations = try pager.messages.dropFirst(2).map { try HL7Message($0) }
        #expect(Set(escalations.compactMap { $0["MSH-10"] }).isDisjoint(with: pager.received.prefix(2).map(\.controlID)))
        let escalated = try #require(escalations.first { $0["ORC-3.1"] == "ACC20261122001" })
        #expect(escalated["OBR-28"] == "ATTENDING")
        let current = try #require(escalated["MSH-10"])

        // Case 1: the paging system's application ACK for the current notification closes it.
        let ack = "MSH|^~\\&|PAGER|GENHOSP|RADBRIDGE|RAD|20261122163000||ACK^R01^ACK|PG0001|P|2.5.1\rMSA|AA|\(current)\r"
        #expect(try await PythonClient.send([ack], port: restarted.mllpPort).map(msa) == ["MSA|AA|PG0001"])
        // Case 2: a person acknowledges through the API.
        let (status, body) = try await restarted.http("POST", "/api/critical-results/2/acknowledge", json: #"{"by": "dr.grey", "note": "called the ward"}"#)
        #expect(status == 200)
        #expect((body as? [String: Any])?["state"] as? String == "closed")
        let (unknown, _) = try await restarted.http("POST", "/api/critical-results/9/acknowledge", json: #"{"by": "dr.grey"}"#)
        #expect(unknown == 404)

        let (_, cases) = try await restarted.http("GET", "/api/critical-results")
        let list = try #require(cases as? [[String: Any]])
        #expect(list.map { $0["state"] as? String } == ["closed", "closed"])
        let how1 = (list[0]["history"] as? [[String: Any]])?.compactMap { $0["how"] as? String } ?? []
        #expect(how1.contains { $0.hasPrefix("HL7 application acknowledgement PG0001 of \(current)") })
        let how2 = (list[1]["history"] as? [[String: Any]])?.map { "\($0["by"] ?? "") \($0["how"] ?? "")" } ?? []
        #expect(how2.contains("dr.grey API: called the ward"))
        let (_, open) = try await restarted.http("GET", "/api/critical-results?state=open")
        #expect((open as? [Any])?.isEmpty ?? false)
        // Closed cases do not escalate again.
        let count = pager.received.count
        try await Task.sleep(for: .seconds(4))
        #expect(pager.received.count == count)
    }

    func waitForStates(_ engine: RunningEngine, _ states: [String]) async throws -> Bool {
        for _ in 0..<100 {
            let (_, cases) = try await engine.http("GET", "/api/critical-results")
            if (cases as? [[String: Any]])?.map({ $0["state"] as? String ?? "" }) == states { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test func aCompletedExamPostsOneChargeAndACancelledOneNone() async throws {
        let billing = try await PythonSink()
        defer { billing.stop() }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            destinations:
              billing: { mllp: "127.0.0.1:\(billing.port)", ackTimeout: 2, backoff: { initial: 0.05, max: 0.2 } }
            workflow:
              chargesTo: [billing]
            """), dicom: true)
        defer { Task { await engine.stop() } }
        let cancel = secondOrder(try fixture("orm_o01_new_ge_zds.hl7"), controlID: ("ORM0001", "ORM0003"))
            .replacingOccurrences(of: "ORC|NW", with: "ORC|CA")
        let replies = try await PythonClient.send([
            try fixture("adt_a04_register.hl7"), try fixture("orm_o01_new_ge_zds.hl7"),
            secondOrder(try fixture("orm_o01_new_ge_zds.hl7"), controlID: ("ORM0001", "ORM0002")), cancel,
        ], port: engine.mllpPort)
        #expect(replies.map(msa) == ["MSA|CA|ADT0001", "MSA|AA|ORM0001", "MSA|AA|ORM0002", "MSA|AA|ORM0003"])

        let mpps = try await ProcedureStepPeer.perform(port: try #require(engine.dicomPort), studyUID: Self.studyUID,
                                                       accession: "ACC20261122001", patientID: "MRN100234")
        #expect(String(decoding: mpps.stdout, as: UTF8.self) == "0\n0\n", "\(mpps.stderr)")
        // The RIS says the same exam completed: posting is idempotent.
        let completed = try fixture("orm_o01_status_in_progress.hl7").replacingOccurrences(of: "||IP||", with: "||CM||")
        _ = try await PythonClient.send([completed], port: engine.mllpPort)

        #expect(try await billing.waitUntil { $0.received.count >= 1 })
        try await Task.sleep(for: .seconds(1))
        #expect(billing.messages.count == 1)
        let charge = try HL7Message(try #require(billing.messages.first))
        #expect(charge.header.messageType == "DFT^P03")
        #expect(charge["PID-3.1"] == "MRN100234")
        #expect(charge.segment(named: "FT1")?.raw.contains("ACC20261122001") ?? false)
        #expect(!(billing.messages.first?.contains("ACC2|") ?? true))
    }

    @Test func priorResultsQueryOverMLLPAndTheAPI() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        let unknownPatient = try fixture("qbp_q11_priors.hl7").replacingOccurrences(of: "MRN100234", with: "MRN000000")
            .replacingOccurrences(of: "QBP0001", with: "QBP0002")
        let replies = try await PythonClient.send([
            try fixture("adt_a04_register.hl7"), try fixture("orm_o01_new_ge_zds.hl7"), try fixture("oru_r01_report_final.hl7"),
            try fixture("qbp_q11_priors.hl7"), unknownPatient,
        ], port: engine.mllpPort)
        #expect(replies.count == 5)
        let rsp = try HL7Message(try #require(replies.dropFirst(3).first))
        #expect(rsp["MSH-9"] == "RSP^K11^RSP_K11")
        #expect(rsp["MSA-1"] == "AA" && rsp["MSA-2"] == "QBP0001")
        #expect(rsp["QAK-1"] == "Q0001" && rsp["QAK-2"] == "OK" && rsp["QAK-4"] == "1")
        #expect(rsp["QPD-3.1"] == "MRN100234")
        #expect(rsp["OBR-3.1"] == "ACC20261122001" && rsp["OBR-24"] == "CT" && rsp["OBR-25"] == "F")
        #expect(rsp["ZDS-1.1"] == Self.studyUID)
        #expect(rsp["OBX-3.1"] == "19005-8" && rsp["OBX-11"] == "F")
        #expect(rsp["OBX-5"]?.contains("No pulmonary embolism") ?? false)
        let none = try HL7Message(replies[4])
        #expect(none["QAK-2"] == "NF" && none["QAK-4"] == "0" && none.segment(named: "OBR") == nil)
        // A query is no workflow event: sent again with the same MSH-10 it gets its RSP again, and
        // the log holds only the three messages that changed something.
        let again = try HL7Message(try #require(try await PythonClient.send([try fixture("qbp_q11_priors.hl7")], port: engine.mllpPort).first))
        #expect(again["MSH-9"] == "RSP^K11^RSP_K11" && again["MSA-2"] == "QBP0001" && again["QAK-4"] == "1")
        let logged = try await engine.store.workflowEvents().map { String(decoding: $0.event, as: UTF8.self) }
        #expect(!logged.contains { $0.contains("QBP^Q11") })
        #expect(logged.filter { $0.contains("MSH|") }.count == 3)

        let (status, priors) = try await engine.http("GET", "/api/patients/MRN100234/priors?modality=CT")
        #expect(status == 200)
        let prior = try #require((priors as? [[String: Any]])?.first)
        #expect(prior["studyInstanceUID"] as? String == Self.studyUID)
        #expect(prior["reportStatus"] as? String == "F")
        let (missing, _) = try await engine.http("GET", "/api/patients/NOBODY/priors")
        #expect(missing == 404)
    }

    @Test func badReportsGetAClearAnswerAndNothingIsLost() async throws {
        // Strict: the OBX-2 value type outside table 0125 is refused (lenient accepts it with a warning).
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "validation: { default: strict }"))
        defer { Task { await engine.stop() } }
        let final = try fixture("oru_r01_report_final.hl7")
        let unknownAccession = final.replacingOccurrences(of: "ACC20261122001", with: "ACC404").replacingOccurrences(of: "ORU0002", with: "ORU0101")
        let otherPatient = final.replacingOccurrences(of: "MRN100234^^^GENHOSP^MR~998877665^^^USSSA^SS", with: "MRN777777^^^GENHOSP^MR")
            .replacingOccurrences(of: "ORU0002", with: "ORU0102")
        let unknownType = final.replacingOccurrences(of: "OBX|4|TX|", with: "OBX|4|QQ|").replacingOccurrences(of: "ORU0002", with: "ORU0103")
        let correctedFirst = try fixture("oru_r01_report_corrected.hl7")
        let replies = try await PythonClient.send([
            try fixture("adt_a04_register.hl7"), try fixture("orm_o01_new_ge_zds.hl7"),
            unknownAccession, otherPatient, unknownType, correctedFirst,
        ], port: engine.mllpPort)
        #expect(replies.count == 6)
        // Quarantined: accepted (stored, nothing to resend) with a warning that says why.
        for (reply, controlID) in zip(replies[2...3], ["ORU0101", "ORU0102"]) {
            let message = try HL7Message(reply)
            #expect(message["MSA-1"] == "AA" && message["MSA-2"] == controlID)
            #expect(message["ERR-4"] == "W" && (message["ERR-8"]?.contains("quarantined") ?? false), "\(reply)")
        }
        let typeError = try HL7Message(replies[4])
        #expect(typeError["MSA-1"] == "AE" && typeError["ERR-2"] == "OBX^4^2^1" && typeError["ERR-3.1"] == "103", "\(replies[4])")
        let corrected = try HL7Message(replies[5])
        #expect(corrected["MSA-1"] == "AE" && (corrected["ERR-8"]?.contains("needs a final report") ?? false), "\(replies[5])")

        let (_, quarantine) = try await engine.http("GET", "/api/quarantine")
        let held = (quarantine as? [[String: String]]) ?? []
        #expect(held.map { $0["controlId"] } == ["ORU0101", "ORU0102"])
        #expect(held.first?["reason"]?.contains("ACC404") ?? false)
        #expect(held.last?["reason"]?.contains("MRN777777") ?? false)
        // Every message is in the journal: the refused ones as rejected.
        let (_, rejected) = try await engine.http("GET", "/api/messages?status=rejected")
        #expect(Set((rejected as? [[String: Any]])?.compactMap { $0["controlID"] as? String } ?? []) == ["ORU0103", "ORU0003"])
        let (_, accepted) = try await engine.http("GET", "/api/messages?type=ORU^R01&status=accepted")
        #expect(Set((accepted as? [[String: Any]])?.compactMap { $0["controlID"] as? String } ?? []) == ["ORU0101", "ORU0102"])
        let id = try await orderID(engine, accession: "ACC20261122001")
        let (_, detail) = try await engine.http("GET", "/api/orders/\(id)")
        #expect((detail as? [String: Any])?["report"] is NSNull || (detail as? [String: Any])?["report"] == nil)
    }
}
