import Engine
import Foundation
import HL7
import TestSupport
import Testing

/// The scheduled workflow with a RIS that reports the exam itself (ORC-1 SC, ORC-5 IP/CM) and no
/// MPPS: the python `hl7` RIS client sends over MLLP, the python billing sink receives the charge.
@Suite(.serialized) struct RISLifecycleEndToEndTests {
    func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Paths.fixture(name), encoding: .utf8)
    }

    /// The RIS's status message for `accession` with ORC-5 = `status`, as HL7 `version`.
    func status(_ status: String, controlID: String, accession: String = "ACC20261122001", version: String = "2.3") throws -> String {
        try fixture("orm_o01_status_in_progress.hl7")
            .replacingOccurrences(of: "||IP||", with: "||\(status)||").replacingOccurrences(of: "ORM0004", with: controlID)
            .replacingOccurrences(of: "ACC20261122001", with: accession).replacingOccurrences(of: "|P|2.3", with: "|P|\(version)")
    }

    @Test func completionFromTheRISWithoutMPPSPostsOneCharge() async throws {
        let billing = try await PythonSink()
        defer { billing.stop() }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            destinations:
              billing: { mllp: "127.0.0.1:\(billing.port)", ackTimeout: 2, backoff: { initial: 0.05, max: 0.2 } }
            workflow:
              chargesTo: [billing]
            """))
        defer { Task { await engine.stop() } }
        let second = try fixture("orm_o01_new_ge_zds.hl7")
            .replacingOccurrences(of: "ACC20261122001", with: "ACC2").replacingOccurrences(of: "ORM0001", with: "ORM0002")
            .replacingOccurrences(of: "PLC5001", with: "PLC2").replacingOccurrences(of: "1732264700.1", with: "1732264700.2")
        let cancelSecond = second.replacingOccurrences(of: "ORC|NW", with: "ORC|CA").replacingOccurrences(of: "ORM0002", with: "ORM0003")
        let replies = try await PythonClient.send([
            try fixture("adt_a04_register.hl7"), try fixture("orm_o01_new_ge_zds.hl7"),
            // Straight from scheduled to completed, then the same completion again.
            try status("CM", controlID: "ORM0101"), try status("CM", controlID: "ORM0102"),
            second, cancelSecond,
            try status("CM", controlID: "ORM0103", accession: "ACC2"),
            try status("CM", controlID: "ORM0104", accession: "ACC2", version: "2.5.1"),
        ], port: engine.mllpPort)
        try #require(replies.count == 8)
        let orrs = try replies.map { try HL7Message($0) }
        #expect(orrs[2]["MSA-1"] == "AA" && orrs[2]["ORC-1"] == "SC" && orrs[2]["ORC-5"] == "CM", "\(replies[2])")
        #expect(orrs[3]["MSA-1"] == "AA" && orrs[3].segment(named: "ERR") == nil, "\(replies[3])")
        #expect(orrs[5]["ORC-1"] == "CR")

        // CM after CA: refused, with the rule in MSA-3 (v2.3) or ERR-8 (v2.5) and table 0357 code 206.
        let text = "order ACC2 is cancelled: CM is not allowed (a cancelled order is closed; a new order (NW) is needed)"
        #expect(orrs[6]["MSA-1"] == "AE" && orrs[6]["MSA-3"] == text, "\(replies[6])")
        #expect(orrs[6]["ORC-1"] == "UA" && orrs[6]["ERR-1.4.1"] == "206")
        #expect(orrs[7]["MSA-1"] == "AE" && orrs[7]["ERR-3.1"] == "206" && orrs[7]["ERR-8"] == text, "\(replies[7])")
        #expect(orrs[7]["ERR-3.3"] == "HL70357" && orrs[7]["ERR-4"] == "E")

        // Exactly one charge, for the completed order.
        #expect(try await billing.waitUntil { $0.received.count >= 1 })
        try await Task.sleep(for: .seconds(1))
        #expect(billing.messages.count == 1)
        let charge = try HL7Message(try #require(billing.messages.first))
        #expect(charge.header.messageType == "DFT^P03")
        #expect(charge["FT1-23"] == "ACC20261122001")

        // The order is completed and its history shows the step nobody reported.
        let (_, list) = try await engine.http("GET", "/api/orders?accession=ACC20261122001")
        let id = try #require((list as? [[String: Any]])?.first?["id"] as? Int)
        let (_, detail) = try await engine.http("GET", "/api/orders/\(id)")
        let order = try #require(detail as? [String: Any])
        #expect(order["status"] as? String == "completed")
        let history = try #require(order["history"] as? [[String: Any]])
        #expect(history.map { $0["to"] as? String } == ["ordered", "scheduled", "in-progress", "completed"])
        #expect(history.map { $0["implied"] as? Bool } == [false, false, true, false])
        #expect((history[2]["cause"] as? String)?.contains("ORM0101") ?? false)
        let (_, cancelled) = try await engine.http("GET", "/api/orders?accession=ACC2")
        #expect((cancelled as? [[String: Any]])?.first?["status"] as? String == "cancelled")
    }
}
