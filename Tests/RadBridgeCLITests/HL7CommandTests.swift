import Foundation
import Testing

@Suite struct HL7CommandTests {
    @Test func parseIsLossless() async throws {
        let file = CLIRunner.fixture("edge/three_messages.hl7")
        let result = try await CLIRunner.run(["hl7", "parse", file])
        #expect(result.status == 0)
        // The messages are separated by \r\n; a segment terminator is written as \r.
        let input = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
        #expect(result.text == input.replacingOccurrences(of: "\r\n", with: "\r"))
        #expect(result.text.components(separatedBy: "MSH|").count == 4)
    }

    @Test func parseNormalisesLineFeeds() async throws {
        let result = try await CLIRunner.run(["hl7", "parse", CLIRunner.fixture("edge/newline_terminated.hl7")])
        #expect(result.status == 0)
        #expect(result.text == "MSH|^~\\&|EPIC|GENHOSP|RADBRIDGE|RAD|20261122194000||ADT^A08^ADT_A01|NL0001|P|2.3\rEVN|A08\rPID|1||MRN100234^^^GENHOSP^MR||DOE^JANE\r")
    }

    @Test func parseJSON() async throws {
        let result = try await CLIRunner.run(["hl7", "parse", "--json", CLIRunner.fixture("orm_o01_new_ge_zds.hl7")])
        #expect(result.status == 0)
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        let message = try #require((tree["messages"] as? [[String: Any]])?.first)
        #expect(message["type"] as? String == "ORM^O01")
        #expect(message["controlId"] as? String == "ORM0001")
        let segments = try #require(message["segments"] as? [[String: Any]])
        #expect(segments.map { $0["name"] as? String } == ["MSH", "PID", "PV1", "ORC", "OBR", "ZDS"])
        let pid = try #require(segments[1]["fields"] as? [String: Any])
        let pid3 = try #require(pid["3"] as? [[[String]]])
        #expect(pid3[1][0] == ["998877665"])
        #expect(pid3[0][3] == ["GENHOSP"])
        #expect((segments[0]["fields"] as? [String: Any])?["2"] as? String == "^~\\&")
    }

    @Test func getPrintsOneLinePerMessageAndPath() async throws {
        let result = try await CLIRunner.run(["hl7", "get", CLIRunner.fixture("edge/three_messages.hl7"), "PID-3.1", "PID-5.2", "MSH-10"])
        #expect(result.status == 0)
        #expect(result.lines == ["MRN200", "PATIENT0", "BAT0000", "MRN201", "PATIENT1", "BAT0001", "MRN202", "PATIENT2", "BAT0002"])
        let report = try await CLIRunner.run(["hl7", "get", CLIRunner.fixture("oru_r01_report_final.hl7"), "OBX[6]-5", "OBX[9]-5", "PID-3[2]"])
        #expect(report.lines == ["1. No pulmonary embolism.\\n2. Small left pleural effusion.", "", "998877665^^^USSSA^SS"])
    }

    /// As HAPI's Terser and python `hl7` read it; `.*` and `--raw` give the whole component.
    @Test func getReadsAComponentWithSubcomponentsAsItsFirst() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-cli-subcomponents-\(getpid()).hl7")
        try Data("MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5\rPID|1||MRN1^^^HOSP&1.2.3&ISO^MR||EVERYMAN&&&&Aniston^ADAM\r".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await CLIRunner.run(["hl7", "get", file.path, "PID-5.1", "PID-5.1.*", "PID-5.1.5", "PID-3.4", "PID-3.4.2", "PID-5"])
        #expect(result.status == 0)
        #expect(result.lines == ["EVERYMAN", "EVERYMAN&&&&Aniston", "Aniston", "HOSP", "1.2.3", "EVERYMAN&&&&Aniston^ADAM"])
        let raw = try await CLIRunner.run(["hl7", "get", "--raw", file.path, "PID-5.1", "PID-3.4", "PID-3.1"])
        #expect(raw.lines == ["EVERYMAN&&&&Aniston", "HOSP&1.2.3&ISO", "MRN1"])
        let bad = try await CLIRunner.run(["hl7", "get", file.path, "PID-5.*"])
        #expect(bad.status == 2)
    }

    @Test func getRejectsABadPath() async throws {
        let result = try await CLIRunner.run(["hl7", "get", CLIRunner.fixture("adt_a04_register.hl7"), "PID-3..1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("invalid field path"))
    }

    @Test func validate() async throws {
        let good = try await CLIRunner.run(["hl7", "validate", CLIRunner.fixture("siu_s12_book.hl7")])
        #expect(good.status == 0)
        #expect(good.stdout.isEmpty)
        let bad = try await CLIRunner.run(["hl7", "validate", CLIRunner.fixture("malformed/orm_without_obr4.hl7")])
        #expect(bad.status == 1)
        #expect(bad.lines.count == 1)
        #expect(bad.lines[0].contains("OBR-4") && bad.lines[0].contains("101"))
    }

    @Test func ackFollowsValidationAndEnhancedMode() async throws {
        let nak = try await CLIRunner.run(["hl7", "ack", "--validation", "strict", CLIRunner.fixture("malformed/orm_without_obr4.hl7")])
        #expect(nak.status == 0)
        #expect(nak.text.contains("\rMSA|AE|BAD0001"))
        #expect(nak.text.contains("\rERR|OBR^1^4^101&Required field missing&HL70357"))
        // Lenient (the default): accepted, the problem as a warning; v2.3 carries it in ERR-1 and MSA-3.
        let lenient = try await CLIRunner.run(["hl7", "ack", CLIRunner.fixture("malformed/orm_without_obr4.hl7")])
        #expect(lenient.text.contains("\rMSA|AA|BAD0001") && lenient.text.contains("\rERR|OBR^1^4^101&Required field missing&HL70357"))
        let off = try await CLIRunner.run(["hl7", "ack", "--validation", "off", CLIRunner.fixture("malformed/orm_without_obr4.hl7")])
        #expect(off.text.contains("\rMSA|AA|BAD0001") && !off.text.contains("ERR|"))
        let noControlID = try await CLIRunner.run(["hl7", "ack", "--validation", "off", CLIRunner.fixture("malformed/missing_control_id.hl7")])
        #expect(noControlID.text.contains("\rMSA|AE|") && noControlID.text.contains("MSH-10"))
        let v25 = try await CLIRunner.run(["hl7", "ack", CLIRunner.fixture("malformed/unterminated_escape.hl7")])
        #expect(v25.text.contains("\rMSA|AA|BAD0002") && v25.text.contains("|W|") && v25.text.contains("PID-5 has an escape sequence"))
        let bad = try await CLIRunner.run(["hl7", "ack", "--validation", "loose", CLIRunner.fixture("orm_o01_new_ge_zds.hl7")])
        #expect(bad.status != 0)
        let enhanced = try await CLIRunner.run(["hl7", "ack", CLIRunner.fixture("oml_o21_new_order.hl7")])
        #expect(enhanced.text.components(separatedBy: "MSA|").count == 3)
        #expect(enhanced.text.contains("MSA|CA|OML0001") && enhanced.text.contains("MSA|AA|OML0001"))
        let forced = try await CLIRunner.run(["hl7", "ack", "--code", "AR", CLIRunner.fixture("orm_o01_new_ge_zds.hl7")])
        #expect(forced.text.contains("MSA|AR|ORM0001"))
        let wrong = try await CLIRunner.run(["hl7", "ack", "--code", "XX", CLIRunner.fixture("orm_o01_new_ge_zds.hl7")])
        #expect(wrong.status != 0)
    }

    @Test(arguments: [
        ("malformed/binary_junk.hl7", Int32(1), "no MSH segment"),
        ("malformed/truncated_msh.hl7", 1, "truncated MSH segment"),
        ("malformed/no_msh.hl7", 1, "no MSH segment"),
        ("does/not/exist.hl7", 2, "no such file"),
    ])
    func badInputGetsOneLineAndAStatus(file: String, status: Int32, message: String) async throws {
        for verb in ["parse", "validate", "get", "ack"] {
            let args = ["hl7", verb, CLIRunner.fixture(file)] + (verb == "get" ? ["PID-3"] : [])
            let result = try await CLIRunner.run(args)
            #expect(result.status == status, "\(verb) \(file)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(message), "\(verb): \(result.stderr)")
        }
        let ack = try await CLIRunner.run(["hl7", "ack", CLIRunner.fixture(file)])
        if status == 1 { #expect(ack.text.contains("MSA|AR|")) }
    }

    @Test func readsStandardInputAndStripsMLLPFraming() async throws {
        let message = Array("MSH|^~\\&|A|B|C|D|20260101||ADT^A08|X1|P|2.5\rEVN|A08|20260101\rPID|1||M1||N\rPV1|1|O\r".utf8)
        let framed = [0x0B] + message + [0x1C, 0x0D]
        let result = try await CLIRunner.run(["hl7", "get", "-", "MSH-10", "PID-3"], stdin: framed)
        #expect(result.lines == ["X1", "M1"])
        let empty = try await CLIRunner.run(["hl7", "parse", "-"], stdin: [])
        #expect(empty.status == 1 && empty.stderr.contains("empty"))
    }
}
