import Engine
import Foundation
import HL7
import TestSupport
import Testing

/// Interface profiles through the running engine: a GE order in, the Siemens form of it out to a
/// Siemens destination, the study UID carried from ZDS to ZSI and to the worklist; orders that break
/// their profile refused with ERR at the field; the terminology review queue over HTTP.
@Suite(.serialized) struct ProfileRoundTripTests {
    static let studyUID = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"

    func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Paths.fixture(name), encoding: .utf8)
    }

    func configuration(sinkPort: Int, inbound: String = "ge-centricity") throws -> EngineConfiguration {
        try EngineConfiguration(yaml: """
            destinations:
              mr-north: { mllp: "127.0.0.1:\(sinkPort)", profile: siemens-syngo, ackTimeout: 2, backoff: { initial: 0.05, max: 0.2 } }
            routes:
              - { match: { type: "ORM^O01" }, to: [mr-north] }
            profiles:
              inbound:
                - { match: { sendingApplication: CENTRICITY }, profile: \(inbound) }
            """)
    }

    @Test func geOrderLeavesForSiemensWithTheStudyUIDInZSI() async throws {
        let sink = try await PythonSink()
        defer { sink.stop() }
        let engine = try await RunningEngine.start(try configuration(sinkPort: sink.port), dicom: true)
        defer { Task { await engine.stop() } }
        #expect(try await engine.send(try fixture("orm_o01_new_ge_zds.hl7")).contains("\rORC|OK|"))

        #expect(try await sink.waitUntil { $0.messages.count >= 1 })
        let sent = try HL7Message(try #require(sink.messages.first))
        #expect(sent.header.controlID == "ORM0001")
        #expect(sent.segments(named: "ZDS").isEmpty, "the GE segment is not the Siemens receiver's contract")
        #expect(sent.segment(named: "ZSI")?.field(5)?.value == Self.studyUID)
        #expect(sent.segment(named: "PID")?.raw.hasPrefix("PID|1||MRN100234^^^GENHOSP^MR") ?? false)

        // The modality's worklist answers with the same UID in (0020,000D).
        let out = Paths.temporaryDirectory()
        let find = try await ExternalTool.run("/usr/bin/findscu", ["-W", "-aec", "RADBRIDGE", "-X", "-od", out.path,
            "-k", "AccessionNumber=ACC20261122001", "-k", "StudyInstanceUID", "127.0.0.1", "\(try #require(engine.dicomPort))"],
                                              environment: ["TCP_NODELAY": "1"])
        #expect(find.status == 0, "findscu: \(find.stderr)")
        let responses = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("rsp") }
        #expect(responses.count == 1)
        let dump = try await ExternalTool.run("/usr/bin/dcmdump", ["+P", "0020,000d", out.appendingPathComponent(responses.first ?? "").path])
        #expect(String(decoding: dump.stdout, as: UTF8.self).contains("[\(Self.studyUID)]"))
    }

    @Test func orderBreakingItsProfileIsRefusedWithERRAtTheField() async throws {
        let sink = try await PythonSink()
        defer { sink.stop() }
        let engine = try await RunningEngine.start(try configuration(sinkPort: sink.port))
        defer { Task { await engine.stop() } }
        let broken = try fixture("orm_o01_new_ge_zds.hl7").replacingOccurrences(of: "ZDS|1.2.840.113619", with: "ZDS|1.2.840.0113619")
        let reply = try await engine.send(broken)
        #expect(Messages.msa(reply)?.hasPrefix("MSA|AE|ORM0001") ?? false, "\(reply)")
        // Version 2.3: ERR-1 (ELD) names segment, occurrence and field; 102 is a data type error.
        let err = try #require(try HL7Message(reply).segment(named: "ERR"))
        #expect(err.field(1)?.raw.hasPrefix("ZDS^1^1^102") ?? false, "\(err.raw)")
        let (_, rejected) = try await engine.http("GET", "/api/messages?status=rejected")
        let entry = try #require((rejected as? [[String: Any]])?.first)
        #expect((entry["error"] as? String)?.contains("ZDS-1.1") ?? false)
        let (_, orders) = try await engine.http("GET", "/api/orders")
        #expect((orders as? [Any])?.isEmpty ?? false, "a refused order is not applied")
        try await Task.sleep(for: .milliseconds(300))
        #expect(sink.messages.isEmpty, "a refused order is not routed")
    }

    @Test func undeclaredZSegmentIsRefusedUnderARejectPolicy() async throws {
        let sink = try await PythonSink()
        defer { sink.stop() }
        let engine = try await RunningEngine.start(try configuration(sinkPort: sink.port, inbound: "ihe-swf"))
        defer { Task { await engine.stop() } }
        let reply = try await engine.send(try fixture("orm_o01_new_ge_zds.hl7"))
        #expect(Messages.msa(reply)?.hasPrefix("MSA|AE|ORM0001") ?? false)
        #expect(reply.contains("ERR|ZDS^1^"), "\(reply)")
    }

    @Test func unmappedProcedureWaitsForReviewAndAMappingAppliesToTheOpenOrder() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        let local = try fixture("orm_o01_new_ge_zds.hl7")
            .replacingOccurrences(of: "CTCHESTC^CT Chest with contrast^L", with: "KNMRX^Knee magnet study special^L")
        #expect(try await engine.send(local).contains("\rORC|OK|"))
        let (_, unmapped) = try await engine.http("GET", "/api/terminology/unmapped")
        let item = try #require((unmapped as? [[String: Any]])?.first)
        #expect((item["procedure"] as? [String: String])?["code"] == "KNMRX")
        let orderIDs = try #require(item["orderIds"] as? [Int])

        let (badStatus, _) = try await engine.http("POST", "/api/terminology/mappings", json: #"{"localCode": "KNMRX", "code": "RPID0"}"#)
        #expect(badStatus == 422)
        let (status, created) = try await engine.http("POST", "/api/terminology/mappings",
                                                      json: #"{"localCode": "KNMRX", "code": "RPID522"}"#)
        #expect(status == 201)
        #expect((created as? [String: Any])?["ordersUpdated"] as? [Int] == orderIDs)
        let (_, order) = try await engine.http("GET", "/api/orders/\(orderIDs[0])")
        let standard = (order as? [String: Any])?["standardProcedure"] as? [String: String]
        #expect(standard?["code"] == "30691-0" && standard?["system"] == "LN")
        let (_, after) = try await engine.http("GET", "/api/terminology/unmapped")
        #expect((after as? [Any])?.isEmpty ?? false)
        // The mapping is an event: it survives a restart.
        let restarted = try await engine.restart()
        defer { Task { await restarted.stop() } }
        let (_, replayed) = try await restarted.http("GET", "/api/orders/\(orderIDs[0])")
        #expect(((replayed as? [String: Any])?["standardProcedure"] as? [String: String])?["code"] == "30691-0")
    }
}
