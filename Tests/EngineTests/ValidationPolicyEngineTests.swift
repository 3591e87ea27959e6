import Engine
import Foundation
import HL7
import MLLP
import Store
import Testing

/// The validation policy per sender: configuration, what a lenient engine answers and shows.
@Suite(.serialized) struct ValidationPolicyEngineTests {
    /// An ADT^A31 without EVN and PV1 and with a PID-7 that is not a date (synthetic data).
    static func sloppyADT(_ controlID: String, application: String = "HIS") -> String {
        "MSH|^~\\&|\(application)|HOSP|RADBRIDGE|RAD|20260101120000||ADT^A31|\(controlID)|P|2.5\r"
            + "PID|1||P\(controlID)^^^HOSP^MR||TEST^PATIENT||1970-13-45|F\r"
    }

    @Test func policiesPerSenderAndDefault() throws {
        #expect(try EngineConfiguration(yaml: "").validation.defaultPolicy == .lenient)
        let configuration = try EngineConfiguration(yaml: """
            validation:
              default: off
              senders:
                - { match: { sendingApplication: epic, sendingFacility: GENHOSP }, policy: strict }
                - { match: { sendingFacility: NORTH }, policy: lenient }
            profiles:
              inbound:
                - { match: { sendingApplication: CENTRICITY }, profile: ge-centricity, validation: strict }
                - { match: { sendingApplication: SYNGO }, profile: siemens-syngo }
            """)
        #expect(configuration.validation.defaultPolicy == .off)
        #expect(configuration.validationPolicy(sendingApplication: "EPIC", sendingFacility: "genhosp") == .strict)
        #expect(configuration.validationPolicy(sendingApplication: "EPIC", sendingFacility: "OTHER") == .off)
        #expect(configuration.validationPolicy(sendingApplication: "ANY", sendingFacility: "NORTH") == .lenient)
        #expect(configuration.validationPolicy(sendingApplication: "CENTRICITY", sendingFacility: "X") == .strict)
        #expect(configuration.validationPolicy(sendingApplication: "SYNGO", sendingFacility: "X") == .off)
        #expect(throws: (any Error).self) { try EngineConfiguration(yaml: "validation: { default: loose }") }
        #expect(throws: (any Error).self) {
            try EngineConfiguration(yaml: "validation: { senders: [ { match: { sendingApplication: A }, policy: maybe } ] }")
        }
    }

    @Test func lenientAcceptsWithWarningsThatAreJournaledCountedAndShown() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            validation:
              senders: [ { match: { sendingApplication: STRICTAPP }, policy: strict } ]
            """))
        defer { Task { await engine.stop() } }
        let reply = try HL7Message(try await engine.send(Self.sloppyADT("L1")))
        #expect(reply["MSA-1"] == "AA" && reply["MSA-2"] == "L1")
        let errs = reply.segments(named: "ERR")
        #expect(!errs.isEmpty && errs.allSatisfy { $0.field(4)?.raw == "W" })
        #expect(errs.contains { $0.field(3)?.raw.hasPrefix("102^") == true && $0.field(8)?.raw == "PID-7 is not a valid HL7 timestamp" })
        // The same message from a strict sender gets today's AE.
        let strict = try HL7Message(try await engine.send(Self.sloppyADT("S1", application: "STRICTAPP")))
        #expect(strict["MSA-1"] == "AE")

        let entry = try #require(try await engine.store.journalEntries(JournalQuery(controlID: "L1")).first)
        #expect(entry.status == .accepted && entry.warnings.count == errs.count)
        #expect(!entry.warnings.contains { $0.text.contains("1970") })
        let (_, detail) = try await engine.http("GET", "/api/messages/\(entry.id)")
        let object = try #require(detail as? [String: Any])
        #expect(object["warningCount"] as? Int == errs.count)
        let listed = try #require(object["warnings"] as? [[String: Any]])
        #expect(listed.contains { $0["kind"] as? String == "PID-7 102 Data type error" && $0["location"] as? String == "PID-7.1" })

        let (status, json) = try await engine.http("GET", "/api/senders")
        #expect(status == 200)
        let senders = try #require(json as? [[String: Any]])
        let his = try #require(senders.first { $0["sendingApplication"] as? String == "HIS" })
        #expect(his["messages"] as? Int == 1 && his["withWarnings"] as? Int == 1)
        #expect((his["warnings"] as? [String: Int])?["PID-7 102 Data type error"] == 1)
        let strictSender = try #require(senders.first { $0["sendingApplication"] as? String == "STRICTAPP" })
        #expect(strictSender["rejected"] as? Int == 1)
        await engine.stop()
    }

    @Test func offSkipsValidationButStillRefusesWhatCannotBeProcessed() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "validation: { default: off }"))
        defer { Task { await engine.stop() } }
        let reply = try HL7Message(try await engine.send(Self.sloppyADT("O1")))
        #expect(reply["MSA-1"] == "AA" && reply.segments(named: "ERR").isEmpty)
        #expect(try await engine.store.journalEntries(JournalQuery(controlID: "O1")).first?.warnings == [])
        let noControlID = try HL7Message(try await engine.send(Self.sloppyADT("")))
        #expect(noControlID["MSA-1"] == "AE" && noControlID["ERR-8"] == "MSH-10 is required")
        await engine.stop()
    }

    @Test func aCleanMessageHasNoWarnings() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        let reply = try HL7Message(try await engine.send(Messages.adt("C1", patient: "P1")))
        #expect(reply["MSA-1"] == "AA" && reply.segments(named: "ERR").isEmpty)
        #expect(try await engine.store.journalEntries(JournalQuery(controlID: "C1")).first?.warnings == [])
        await engine.stop()
    }

    /// Malformed fixtures: what cannot be processed is refused with its reason; an unterminated
    /// escape is only a warning, an order without its procedure is refused by the workflow.
    @Test func malformedFixturesThatCannotBeProcessedAreStillRefused() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        let expectations: [(file: String, code: String, reason: String)] = [
            ("binary_junk.hl7", "AR", "no MSH segment"),
            ("no_msh.hl7", "AR", "no MSH segment"),
            ("truncated_msh.hl7", "AR", "truncated MSH segment"),
            ("missing_control_id.hl7", "AE", "MSH-10"),
            ("orm_without_obr4.hl7", "AE", "OBR^1^4^101"),  // v2.3: ERR-1
            ("unterminated_escape.hl7", "AA", "escape sequence that is not terminated"),
        ]
        for expected in expectations {
            let bytes = Array(try Data(contentsOf: Paths.fixtures.appendingPathComponent("malformed/" + expected.file)))
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: engine.mllpPort)
            let raw = String(decoding: try await client.send(bytes.filter { $0 != 0x0B && $0 != 0x1C }), as: UTF8.self)
            await client.close()
            let reply = try HL7Message(raw)
            #expect(reply["MSA-1"] == expected.code, "\(expected.file): \(raw)")
            #expect(raw.contains(expected.reason), "\(expected.file): \(raw)")
        }
        let rejected = try await engine.store.journalEntries(JournalQuery(status: .rejected))
        #expect(rejected.count == 5)
        #expect(rejected.allSatisfy { !($0.error ?? "").isEmpty })
        #expect(rejected.contains { $0.error?.contains("a new order needs its requested procedure (OBR-4)") ?? false })
        await engine.stop()
    }
}
